# tests/e2e/town-lib.sh - a town server in a temporary root, with Unix
# users and groups that exist only for this test; sourced after lib.sh by
# the 7N-town-*.sh tests.
#
# Needs root (CI and `make test` run as root); otherwise the test reports
# itself skipped. Every user and group is named after this run (kk<pid>...)
# and removed at exit, even when a check fails or the test is killed, so a
# run leaves nothing behind on the machine.
#
#   town_install            make install into $R (LOCALSTATEDIR, SYSCONFDIR
#                           and the group $G are the run's own)
#   town_user NAME GROUP..  a throwaway login in those groups
#   as USER CMD...          run CMD as USER with their own groups only and
#                           a clean environment (as a login over SSH would)
#   KK                      the installed, setgid program
town_need_root() {
	if [ "$(id -u)" != 0 ]; then
		skip "$1: needs root to make users, groups and a setgid install"
		finish
	fi
	for c in setpriv useradd userdel groupadd groupdel getent; do
		command -v "$c" >/dev/null 2>&1 || {
			skip "$1: $c is not installed"; finish; }
	done
}

N=$$
G=kk$N			# kakanai's group for this run
R=$T/root
KK=$R/usr/bin/kakanai
_town_users=""

_town_cleanup() {
	for u in $_town_users; do userdel "$u" >/dev/null 2>&1; done
	getent group | cut -d: -f1 | grep "^$G\(-\|\$\)" | while read -r g; do
		groupdel "$g" >/dev/null 2>&1
	done
}
at_exit _town_cleanup
# A test killed by a signal still runs the EXIT trap.
trap 'exit 129' HUP INT TERM

town_install() {
	chmod 755 "$T"
	make -s install BUILD="$T/build" PROGRAM="$T/build/kakanai" \
		PREFIX="$R/usr" LOCALSTATEDIR="$R/var" SYSCONFDIR="$R/etc" \
		KAKANAI_GROUP="$G" >"$T/.install" 2>&1
}

town_user() {
	_u=$1; shift
	_gs=$(echo "$*" | tr ' ' ',')
	if [ -n "$_gs" ]; then
		useradd -M -N -d /nonexistent -s /bin/sh -G "$_gs" "$_u" || return 1
	else
		useradd -M -N -d /nonexistent -s /bin/sh "$_u" || return 1
	fi
	_town_users="$_town_users $_u"
}

# as USER CMD...: stdin from /dev/null unless redirected by the caller.
as() {
	_u=$1; shift
	setpriv --reuid="$_u" --regid="$(id -g "$_u")" --init-groups -- \
		env -i PATH=/usr/bin:/bin LANG=C.UTF-8 LC_ALL=C.UTF-8 \
		HOME=/nonexistent USER="$_u" LOGNAME="$_u" "$@"
}
