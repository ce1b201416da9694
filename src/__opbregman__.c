/* overparam: MEX gateway of opbregman.
   Copyright (C) 2026 The overparam developers.  GPL-3.0-or-later.

   [D, TERMS] = __opbregman__ (Z, X, MODEL, L, ALPHA)
   THETA = __opbregman__ ("grad", MODEL, L, ALPHA, X)
   [X, DPSI] = __opbregman__ ("psi", MODEL, L, ALPHA, THETA)
   PHI = __opbregman__ ("conj", MODEL, L, ALPHA, THETA)
   THETA0 = __opbregman__ ("init", MODEL, L, ALPHA, N)

   Z is N-by-K, X is N-by-K or N-by-1 (shared by every column of Z), MODEL
   "signed" or "nonnegative", L the depth, ALPHA a scalar or an N-vector.
   D (1-by-K) is D_F (Z(:,j), X(:,j)) and TERMS (N-by-K) its per-coordinate
   terms.  The second form exposes the other functions of the C core
   (potential.h) column by column, for tests against the M reference.
   Internal: opbregman.m validates the options and documents the
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

/* MODEL, L, ALPHA (for N rows) into a potential.  */
static void
get_potential (const mxArray *mm, const mxArray *ml, const mxArray *ma,
               size_t n, op_potential *pot)
{
  char model[16];
  double depth;
  size_t na, i;
  if (! mxIsChar (mm) || mxGetString (mm, model, sizeof model) != 0
      || (strcmp (model, "signed") != 0 && strcmp (model, "nonnegative") != 0))
    FAIL ("badModel", "MODEL must be \"signed\" or \"nonnegative\"");
  if (! mxIsDouble (ml) || mxGetNumberOfElements (ml) != 1 || mxIsComplex (ml))
    FAIL ("badDepth", "L must be an integer >= 1");
  depth = mxGetScalar (ml);
  if (! (depth >= 1 && depth <= 1e6 && depth == (int) depth))
    FAIL ("badDepth", "L must be an integer >= 1");
  na = mxGetNumberOfElements (ma);
  if (! is_real_full_double (ma) || (na != 1 && na != n))
    FAIL ("badInit", "ALPHA must be a scalar or have one entry per row of Z");
  for (i = 0; i < na; i++)
    if (! (mxGetPr (ma)[i] > 0 && mxIsFinite (mxGetPr (ma)[i])))
      FAIL ("badInit", "ALPHA must be positive and finite");
  pot->model = strcmp (model, "signed") == 0 ? OP_SIGNED : OP_NONNEGATIVE;
  pot->depth = (int) depth;
  pot->alpha = mxGetPr (ma);
  pot->alpha_stride = na == 1 ? 0 : 1;
}

/* The second call form: one core function, column by column.  */
static void
core_function (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
  char what[8];
  op_potential pot;
  const mxArray *mv;
  size_t n, k, j;
  double *v, *out, *out2 = NULL;
  int err = OP_POT_OK;

  if (nrhs != 5 || nlhs > 2 || mxGetString (prhs[0], what, sizeof what) != 0)
    mexErrMsgIdAndTxt ("overparam:opbregman:nargs",
                       "__opbregman__: expected (WHAT, MODEL, L, ALPHA, X)");
  mv = prhs[4];
  if (! is_real_full_double (mv))
    FAIL ("badX", "the argument must be a real full double matrix");
  if (strcmp (what, "init") == 0)
    {
      double nn = mxGetScalar (mv);
      if (! (nn >= 0 && nn <= 1e12 && nn == (double) (size_t) nn))
        FAIL ("badX", "N must be a non-negative integer");
      n = (size_t) nn;
      get_potential (prhs[1], prhs[2], prhs[3], n, &pot);
      plhs[0] = mxCreateDoubleMatrix (n, 1, mxREAL);
      err = op_potential_init (&pot, (ptrdiff_t) n, mxGetPr (plhs[0]));
    }
  else
    {
      n = mxGetM (mv);
      k = mxGetN (mv);
      get_potential (prhs[1], prhs[2], prhs[3], n, &pot);
      v = mxGetPr (mv);
      plhs[0] = mxCreateDoubleMatrix (n, k, mxREAL);
      out = mxGetPr (plhs[0]);
      if (nlhs > 1 && strcmp (what, "psi") == 0)
        {
          plhs[1] = mxCreateDoubleMatrix (n, k, mxREAL);
          out2 = mxGetPr (plhs[1]);
        }
      for (j = 0; j < k && err == OP_POT_OK; j++)
        {
          if (strcmp (what, "grad") == 0)
            err = op_potential_grad (&pot, (ptrdiff_t) n, v + j * n,
                                     out + j * n);
          else if (strcmp (what, "psi") == 0)
            err = op_potential_psi (&pot, (ptrdiff_t) n, v + j * n,
                                    out + j * n, out2 ? out2 + j * n : NULL);
          else if (strcmp (what, "conj") == 0)
            err = op_potential_conj (&pot, (ptrdiff_t) n, v + j * n,
                                     out + j * n);
          else
            mexErrMsgIdAndTxt ("overparam:opbregman:badWhat",
                               "__opbregman__: unknown request '%s'", what);
        }
    }
  if (err == OP_POT_DOMAIN)
    FAIL ("domain", "an entry is outside the domain of the potential");
  else if (err != OP_POT_OK)
    FAIL ("badInit", "bad potential (depth or ALPHA)");
}

void
mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
  const mxArray *mz, *mx;
  size_t n, k, j, kx;
  op_potential pot;
  double *z, *x, *d, *terms;
  int err;

  if (nrhs >= 1 && mxIsChar (prhs[0]))
    {
      core_function (nlhs, plhs, nrhs, prhs);
      return;
    }
  if (nrhs != 5 || nlhs > 2)
    mexErrMsgIdAndTxt ("overparam:opbregman:nargs",
                       "__opbregman__: expected (Z, X, MODEL, L, ALPHA)");
  mz = prhs[0];
  mx = prhs[1];

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

  get_potential (prhs[2], prhs[3], prhs[4], n, &pot);

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
%!test
%! ## the core functions: grad and psi invert each other, Phi' = psi by a
%! ## central difference (relative step 1e-6: truncation ~1e-12, rounding
%! ## ~eps Phi / (h x) ~ 2L eps / 1e-6 ~ 2e-9 for |x| >= alpha^L), init =
%! ## grad of alpha^L
%! x = [0.2 3; -0.05 0.5];
%! th = __opbregman__ ("grad", "signed", 4, [0.3; 0.5], x);
%! [xx, dp] = __opbregman__ ("psi", "signed", 4, [0.3; 0.5], th);
%! assert (xx, x, 1e-14 * abs (x));
%! h = 1e-6 * abs (th);
%! fd = (__opbregman__ ("conj", "signed", 4, [0.3; 0.5], th + h)
%!       - __opbregman__ ("conj", "signed", 4, [0.3; 0.5], th - h)) ./ (2 * h);
%! assert (fd, x, 1e-7 * abs (x));
%! assert (__opbregman__ ("init", "nonnegative", 3, [0.5; 0.1], 2),
%!         __opbregman__ ("grad", "nonnegative", 3, 1, [0.5; 0.1] .^ 3), 1e-14);
%!error id=overparam:opbregman:domain __opbregman__ ("psi", "nonnegative", 3, 1, 0.5)
%!error id=overparam:opbregman:domain __opbregman__ ("grad", "nonnegative", 2, 1, -1)
%!error id=overparam:opbregman:badWhat __opbregman__ ("hess", "signed", 3, 1, 1)
%!error id=overparam:opbregman:badX __opbregman__ ("init", "signed", 3, 1, -1)
%!error id=overparam:opbregman:nargs __opbregman__ ("grad", "signed", 3, 1)
*/
