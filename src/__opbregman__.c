/* overparam: MEX gateway of opbregman.
   Copyright (C) 2026 The overparam developers.  GPL-3.0-or-later.

   [D, TERMS] = __opbregman__ (Z, X, MODEL, L, ALPHA)

   Z is N-by-K, X is N-by-K or N-by-1 (shared by every column of Z), MODEL
   "signed" or "nonnegative", L the depth, ALPHA a scalar or an N-vector.
   D (1-by-K) is D_F (Z(:,j), X(:,j)) and TERMS (N-by-K) its per-coordinate
   terms.  Internal: opbregman.m validates the options and documents the
   function; this gateway checks what it converts.  */

#include <string.h>

#include "mex.h"
#include "potential.h"

#define FAIL(what, ...) \
  mexErrMsgIdAndTxt ("overparam:opbregman:" what, "opbregman: " __VA_ARGS__)

static int
is_real_full_double (const mxArray *a)
{
  return mxIsDouble (a) && ! mxIsComplex (a) && ! mxIsSparse (a)
         && mxGetNumberOfDimensions (a) == 2;
}

void
mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
  const mxArray *mz, *mx, *ma;
  size_t n, k, j, kx, na, i;
  char model[16];
  double depth;
  op_potential pot;
  double *z, *x, *d, *terms;
  int err;

  if (nrhs != 5 || nlhs > 2)
    mexErrMsgIdAndTxt ("overparam:opbregman:nargs",
                       "__opbregman__: expected (Z, X, MODEL, L, ALPHA)");
  mz = prhs[0];
  mx = prhs[1];
  ma = prhs[4];

  if (! is_real_full_double (mz))
    FAIL ("badZ", "Z must be a real full double matrix");
  if (! is_real_full_double (mx))
    FAIL ("badX", "X must be a real full double matrix");
  n = mxGetM (mz);
  k = mxGetN (mz);
  kx = mxGetN (mx);
  if (mxGetM (mx) != n || (kx != k && kx != 1))
    FAIL ("sizeMismatch", "X must have as many rows as Z and 1 or %d columns",
          (int) k);

  if (! mxIsChar (prhs[2])
      || mxGetString (prhs[2], model, sizeof model) != 0
      || (strcmp (model, "signed") != 0 && strcmp (model, "nonnegative") != 0))
    FAIL ("badModel", "MODEL must be \"signed\" or \"nonnegative\"");
  if (! mxIsDouble (prhs[3]) || mxGetNumberOfElements (prhs[3]) != 1
      || mxIsComplex (prhs[3]))
    FAIL ("badDepth", "L must be an integer >= 1");
  depth = mxGetScalar (prhs[3]);
  if (! (depth >= 1 && depth <= 1e6 && depth == (int) depth))
    FAIL ("badDepth", "L must be an integer >= 1");
  na = mxGetNumberOfElements (ma);
  if (! is_real_full_double (ma) || (na != 1 && na != n))
    FAIL ("badInit", "ALPHA must be a scalar or have one entry per row of Z");
  for (i = 0; i < na; i++)
    if (! (mxGetPr (ma)[i] > 0 && mxIsFinite (mxGetPr (ma)[i])))
      FAIL ("badInit", "ALPHA must be positive and finite");

  pot.model = strcmp (model, "signed") == 0 ? OP_SIGNED : OP_NONNEGATIVE;
  pot.depth = (int) depth;
  pot.alpha = mxGetPr (ma);
  pot.alpha_stride = na == 1 ? 0 : 1;

  plhs[0] = mxCreateDoubleMatrix (1, k, mxREAL);
  d = mxGetPr (plhs[0]);
  if (nlhs > 1)
    {
      plhs[1] = mxCreateDoubleMatrix (n, k, mxREAL);
      terms = mxGetPr (plhs[1]);
    }
  else
    terms = NULL;

  z = mxGetPr (mz);
  x = mxGetPr (mx);
  for (j = 0; j < k; j++)
    {
      err = op_bregman (&pot, (ptrdiff_t) n, z + j * n,
                        x + (kx == 1 ? 0 : j * n), d + j,
                        terms ? terms + j * n : NULL);
      if (err == OP_POT_DOMAIN)
        FAIL ("domain", "column %d of Z or X is outside the domain of F "
              "(finite; non-negative in the non-negative model)",
              (int) j + 1);
      else if (err != OP_POT_OK)
        FAIL ("badInit", "bad potential (depth or ALPHA)");
    }
}

/*
%!test
%! ## non-negative L = 2: D = sum (z log (z/x) - z + x) / 2 at moderate
%! ## ratios (no cancellation in the reference): 1e-14 relative
%! z = [2 1; 0.5 3; 3 0];  x = [1; 1; 0.2];
%! D = __opbregman__ (z, x, "nonnegative", 2, 1);
%! zl = z .* log (z ./ x);  zl(z == 0) = 0;
%! assert (D, sum (zl - z + x) / 2, 1e-14 * D);
%!test
%! ## signed L = 1: F = x^2 / 4, terms per coordinate
%! [D, t] = __opbregman__ ([3; -1], [1; 1], "signed", 1, 1);
%! assert (D, 2);
%! assert (t, [1; 1]);
%!test
%! ## alpha per coordinate equals separate scalar calls
%! z = [1; -2; 0.5];  x = [0.3; 0.1; -0.2];  a = [0.5; 0.1; 2];
%! [D, t] = __opbregman__ (z, x, "signed", 3, a);
%! for i = 1:3
%!   assert (t(i), __opbregman__ (z(i), x(i), "signed", 3, a(i)), 4 * eps * t(i));
%! endfor
%!test
%! ## D = 0 at z = x; tiny alpha and deep L stay finite
%! assert (__opbregman__ ([1; 0; -3], [1; 0; -3], "signed", 10, 1e-12), 0);
%! D = __opbregman__ ([1; 0; -3], [2; 1e-30; 1e30], "signed", 10, 1e-12);
%! assert (isfinite (D) && D > 0);
%!error id=overparam:opbregman:badZ __opbregman__ (single (1), 1, "signed", 3, 1)
%!error id=overparam:opbregman:badX __opbregman__ (1, 1i, "signed", 3, 1)
%!error id=overparam:opbregman:sizeMismatch __opbregman__ (ones (2, 3), ones (2, 2), "signed", 3, 1)
%!error id=overparam:opbregman:sizeMismatch __opbregman__ (ones (2, 1), ones (3, 1), "signed", 3, 1)
%!error id=overparam:opbregman:badModel __opbregman__ (1, 1, "complex", 3, 1)
%!error id=overparam:opbregman:badDepth __opbregman__ (1, 1, "signed", 0, 1)
%!error id=overparam:opbregman:badDepth __opbregman__ (1, 1, "signed", 2.5, 1)
%!error id=overparam:opbregman:badInit __opbregman__ (1, 1, "signed", 3, -1)
%!error id=overparam:opbregman:badInit __opbregman__ (ones (3, 1), ones (3, 1), "signed", 3, [1 2])
%!error id=overparam:opbregman:domain __opbregman__ ([1; -1], [1; 1], "nonnegative", 3, 1)
%!error id=overparam:opbregman:domain __opbregman__ (NaN, 1, "signed", 3, 1)
%!error id=overparam:opbregman:nargs __opbregman__ (1, 1)
*/
