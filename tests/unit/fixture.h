/*
 * fixture.h - what the unit tests share to set up and tear down: the
 * repository's dictionary and a temporary folder. Tests run from the
 * repository's top folder (make test, tests/run.sh).
 */
#ifndef KAKANAI_TEST_FIXTURE_H
#define KAKANAI_TEST_FIXTURE_H

#include "dict/dict.h"
#include "font/font.h"

/* data/dictionary.txt; NULL (the reason printed) if it cannot be loaded. */
struct dict *fixture_dict(void);
/* The font chains of fonts/fontmap; NULL (the reason printed) if not. */
struct fontset *fixture_fonts(void);
/* A new temporary folder from tmpl ("/tmp/test-x-XXXXXX", changed in
 * place); -1 if it cannot be made. */
int fixture_tmpdir(char *tmpl);
/* Remove a temporary folder and everything in it (rm -rf, no shell). */
void fixture_rmdir(const char *dir);

#endif
