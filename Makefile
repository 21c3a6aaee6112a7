# kakanai - 書かない窓口 for town halls.
#
#   make run     the counter screen on the default database (installs what is missing)
#   make test    unit tests (cmocka) and end-to-end tests (installs what is missing)
#   make bench   speed and size figures, one `name: value unit` per line
#   make install PREFIX=/usr/local DESTDIR=
#
# `make deps` installs the Debian packages kakanai needs when any is missing
# (with apt-get, as root); `run`, `test` and `bench` call it first, so a fresh
# Debian 12 machine needs nothing but make and these sources.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/kakanai
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=
# A town server (make install as root): town data in
# $(LOCALSTATEDIR)/lib/kakanai/<town>/, configuration in
# $(SYSCONFDIR)/kakanai/, the program setgid to KAKANAI_GROUP.
LOCALSTATEDIR ?= /var
SYSCONFDIR ?= /etc
KAKANAI_GROUP ?= kakanai

CC ?= cc
CFLAGS ?= -O2 -g
KAKANAI_CFLAGS = -std=c17 -Wall -Wextra -Werror -D_DEFAULT_SOURCE \
	-D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE_EXTENDED \
	-DNCURSES_WIDECHAR=1 -Isrc -DKAKANAI_DATADIR='"$(DATADIR)"' \
	-DKAKANAI_LOCALSTATEDIR='"$(LOCALSTATEDIR)"' \
	-DKAKANAI_SYSCONFDIR='"$(SYSCONFDIR)"' \
	-DKAKANAI_GROUP='"$(KAKANAI_GROUP)"'
LIBS = -lhpdf -lz -lsqlite3 -lncursesw -lsodium -lm
# The My Number card is read through pcscd (src/card/card-pcsc.c).
PCSC_CFLAGS := $(shell pkg-config --cflags libpcsclite 2>/dev/null || \
	echo -I/usr/include/PCSC -pthread)
PCSC_LIBS := $(shell pkg-config --libs libpcsclite 2>/dev/null || echo -lpcsclite)
KAKANAI_CFLAGS += $(PCSC_CFLAGS)
LIBS += $(PCSC_LIBS)

BUILD ?= build
PROGRAM ?= kakanai
LIB_SRC = $(sort $(wildcard src/*/*.c))
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ = $(BUILD)/src/main.o
UNIT_SRC = $(sort $(wildcard tests/unit/test-*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRC = $(sort $(wildcard tests/tools/*.c))
TOOL_BIN = $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)

# Debian 12 packages: to build, to run, and to test.
DEB_BUILD = gcc libc6-dev make pkg-config libncurses-dev libsqlite3-dev \
	libhpdf-dev zlib1g-dev libcmocka-dev libpcsclite-dev libsodium-dev
DEB_RUN = fonts-morisawa-bizud-mincho fonts-morisawa-bizud-gothic \
	fonts-ipamj-mincho pcscd libpcsclite1 libccid
DEB_TEST = poppler-utils qpdf tmux sqlite3 cups cups-client cups-bsd \
	printer-driver-cups-pdf valgrind unzip ncurses-term \
	vsmartcard-vpcd python3 iproute2 util-linux
DEB_ALL = $(DEB_BUILD) $(DEB_RUN) $(DEB_TEST)

.PHONY: all deps run test check unit e2e bench install uninstall clean \
	check-asan check-valgrind fuzz

all: $(PROGRAM)

$(PROGRAM): $(LIB_OBJ) $(MAIN_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# The installed program finds its forms, fonts and data in DATADIR, which
# is compiled into home.c; this stamp rebuilds it whenever PREFIX or
# DATADIR changes, so `make install PREFIX=/usr` never installs a binary
# that looks in /usr/local.
$(BUILD)/datadir.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(DATADIR) $(LOCALSTATEDIR) $(SYSCONFDIR) $(KAKANAI_GROUP)' | \
		cmp -s - $@ || \
		echo '$(DATADIR) $(LOCALSTATEDIR) $(SYSCONFDIR) $(KAKANAI_GROUP)' >$@
$(BUILD)/src/util/home.o $(BUILD)/src/util/town.o: $(BUILD)/datadir.stamp
FORCE:

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(KAKANAI_CFLAGS) $(CFLAGS) $(CPPFLAGS) -MMD -MP -c -o $@ $<

# Every unit test links the shared set-up (tests/unit/fixture.c).
UNIT_FIXTURE = $(BUILD)/tests/fixture.o
$(UNIT_FIXTURE): tests/unit/fixture.c tests/unit/fixture.h
	@mkdir -p $(@D)
	$(CC) $(KAKANAI_CFLAGS) $(CFLAGS) $(CPPFLAGS) -Itests -c -o $@ $<
$(BUILD)/tests/test-%: tests/unit/test-%.c $(UNIT_FIXTURE) $(LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(KAKANAI_CFLAGS) $(CFLAGS) $(CPPFLAGS) -Itests -o $@ $< \
		$(UNIT_FIXTURE) $(LIB_OBJ) $(LIBS) -lcmocka

# Small programs the end-to-end tests use (tests/e2e/lib.sh puts them on PATH).
$(BUILD)/tools/%: tests/tools/%.c
	@mkdir -p $(@D)
	$(CC) $(KAKANAI_CFLAGS) $(CFLAGS) -o $@ $<

# The card tests' tool talks to pcscd itself.
$(BUILD)/tools/pcsc-wait: tests/tools/pcsc-wait.c
	@mkdir -p $(@D)
	$(CC) $(KAKANAI_CFLAGS) $(CFLAGS) -o $@ $< $(PCSC_LIBS)

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)

deps:
	@missing=; for p in $(DEB_ALL); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
			grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "make deps: installing$$missing"; \
			apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				--no-install-recommends $$missing >/dev/null || exit 1; \
		else \
			echo "make deps: missing Debian packages:$$missing"; \
			echo "make deps: run 'sudo make deps' once, then try again"; \
			exit 1; \
		fi; \
	fi

run: deps
	@$(MAKE) --no-print-directory -j2 kakanai
	./kakanai

test: deps
	@$(MAKE) --no-print-directory -j2 check

check: kakanai $(UNIT_BIN) $(TOOL_BIN)
	@KAKANAI_TOOLS=$(BUILD)/tools sh tests/run.sh $(UNIT_BIN)

unit: $(UNIT_BIN)
	@sh tests/run.sh --unit-only $(UNIT_BIN)

bench: deps
	@$(MAKE) --no-print-directory -j2 kakanai $(TOOL_BIN)
	@KAKANAI_TOOLS=$(BUILD)/tools sh tests/bench.sh

# The whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer,
# in its own build folder.
check-asan:
	@$(MAKE) --no-print-directory -j2 BUILD=build-asan \
		CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
		LDFLAGS='-fsanitize=address,undefined' KAKANAI_BIN=kakanai-asan check-bin

check-bin: $(UNIT_BIN) $(LIB_OBJ) $(MAIN_OBJ) $(TOOL_BIN)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $(KAKANAI_BIN) $(LIB_OBJ) $(MAIN_OBJ) $(LIBS)
	@KAKANAI_TOOLS=$(BUILD)/tools KAKANAI_BIN=./$(KAKANAI_BIN) sh tests/run.sh $(UNIT_BIN)

check-valgrind: kakanai $(UNIT_BIN) $(TOOL_BIN)
	@KAKANAI_TOOLS=$(BUILD)/tools KAKANAI_VALGRIND=1 sh tests/run.sh $(UNIT_BIN)

install: $(PROGRAM)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/forms \
		$(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR)/data/samples \
		$(DESTDIR)$(DATADIR)/data/towns \
		$(DESTDIR)$(MANDIR)/man1
	install -m 755 $(PROGRAM) $(DESTDIR)$(BINDIR)/kakanai
	@# As root: the program is setgid to its own group, which alone can
	@# open the towns' data (see README, "Installing on a town server").
	@if [ "$$(id -u)" = 0 ]; then \
		getent group $(KAKANAI_GROUP) >/dev/null || \
			groupadd --system $(KAKANAI_GROUP) || exit 1; \
		chown root:$(KAKANAI_GROUP) $(DESTDIR)$(BINDIR)/kakanai && \
		chmod 2755 $(DESTDIR)$(BINDIR)/kakanai || exit 1; \
		install -d -m 755 $(DESTDIR)$(SYSCONFDIR)/kakanai \
			$(DESTDIR)$(SYSCONFDIR)/kakanai/towns && \
		install -d -m 755 $(DESTDIR)$(LOCALSTATEDIR)/lib && \
		install -d -m 750 -o root -g $(KAKANAI_GROUP) \
			$(DESTDIR)$(LOCALSTATEDIR)/lib/kakanai || exit 1; \
	fi
	install -m 644 forms/*.form $(DESTDIR)$(DATADIR)/forms/
	install -d $(DESTDIR)$(DATADIR)/forms/guide
	install -m 644 forms/guide/*.guide $(DESTDIR)$(DATADIR)/forms/guide/
	install -m 644 fonts/fontmap $(DESTDIR)$(DATADIR)/fonts/
	for f in data/*; do [ -f "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(DATADIR)/data/; done; true
	install -m 644 data/samples/* $(DESTDIR)$(DATADIR)/data/samples/
	install -m 644 data/towns/*.conf $(DESTDIR)$(DATADIR)/data/towns/
	install -m 644 man/kakanai.1 $(DESTDIR)$(MANDIR)/man1/kakanai.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kakanai $(DESTDIR)$(MANDIR)/man1/kakanai.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan build-fuzz kakanai kakanai-asan

# ---- fuzzing (issue 6: hardening) ------------------------------------------
# make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="form visit ..."]: build each
# libFuzzer target tests/fuzz/fuzz-<target>.c with clang (ASan + UBSan) into
# build-fuzz/ and run it for FUZZ_SECONDS, starting from the seeds in
# tests/fuzz/corpus/<target>/ and the kept findings in tests/fuzz/regress/
# <target>/. New inputs go to build-fuzz/corpus/<target>/, crashes to
# build-fuzz/findings/<target>/ (copy each into tests/fuzz/regress/<target>/
# once fixed: tests/unit/test-fuzz-replay.c replays them in `make test`).
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= form visit postal ttf kana-date edit card
FUZZ_SAN = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
FUZZ_LIB_SRC = $(sort $(wildcard src/util/*.c src/dict/*.c src/visit/*.c \
	src/form/*.c src/font/*.c src/store/*.c src/layout/*.c src/pdf/*.c \
	src/render/*.c src/card/*.c) \
	$(wildcard src/ui/ui-edit.c))
FUZZ_LIB_OBJ = $(FUZZ_LIB_SRC:%.c=build-fuzz/%.o)
FUZZ_BIN = $(FUZZ_TARGETS:%=build-fuzz/fuzz-%)

build-fuzz/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(KAKANAI_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
		-MMD -MP -c -o $@ $<

-include $(FUZZ_LIB_OBJ:.o=.d)

build-fuzz/libkakanai.a: $(FUZZ_LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

build-fuzz/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz-entry.c \
		build-fuzz/libkakanai.a $(wildcard src/*/*.h)
	$(FUZZ_CC) $(KAKANAI_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< \
		build-fuzz/libkakanai.a $(LIBS)

fuzz-build: $(FUZZ_BIN)

# The replay test includes the entry functions.
$(BUILD)/tests/test-fuzz-replay: tests/fuzz/fuzz-entry.c

fuzz: $(FUZZ_BIN)
	@failed=; for t in $(FUZZ_TARGETS); do \
		mkdir -p build-fuzz/corpus/$$t build-fuzz/findings/$$t; \
		seeds=tests/fuzz/corpus/$$t; \
		[ -d tests/fuzz/regress/$$t ] && seeds="$$seeds tests/fuzz/regress/$$t"; \
		echo "fuzz $$t: $(FUZZ_SECONDS) s"; \
		UBSAN_OPTIONS=print_stacktrace=1 build-fuzz/fuzz-$$t \
			-max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix=build-fuzz/findings/$$t/ \
			build-fuzz/corpus/$$t $$seeds \
			>build-fuzz/fuzz-$$t.log 2>&1 \
			|| { failed="$$failed $$t"; tail -n 40 build-fuzz/fuzz-$$t.log; }; \
		grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' \
			build-fuzz/fuzz-$$t.log | tail -n 2; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: findings in:$$failed" \
		"(build-fuzz/findings/)"; exit 1; fi; echo "fuzz: no findings"

.PHONY: fuzz-build
# ---- end of fuzzing ----------------------------------------------------------
