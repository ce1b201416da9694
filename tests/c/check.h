/* overparam: the counting CHECK macro shared by the C unit tests.  Each
   test program includes this once, counts with CHECK (or its own variants
   on npass/nfail), and prints "N passed, N failed" as its last line.
   Copyright (C) 2026 The overparam developers.  GPL-3.0-or-later.  */

#ifndef OVERPARAM_TEST_CHECK_H
#define OVERPARAM_TEST_CHECK_H

#include <stdio.h>

static int npass, nfail;

#define CHECK(cond)                                                     \
  do                                                                    \
    {                                                                   \
      if (cond)                                                         \
        npass++;                                                        \
      else                                                              \
        {                                                               \
          nfail++;                                                      \
          printf ("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);       \
        }                                                               \
    }                                                                   \
  while (0)

#endif
