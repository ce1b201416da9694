/* overparam: MEX gateway of the flow's limit (src/core/limit.c).

   [X, MU, INFO] = __oplimit__ (A, Y, DEPTH, SIGNED, ALPHA, TOL, MAXITER,
                                REUSE, START)

   One solve per column of Y.  REUSE: 0 refactors the Hessian every
   step, 1 keeps its factor (chord steps), 2 keeps it longer (in single
   precision) and corrects the steps by conjugate gradients, 3 the same
   in double (src/core/limit.h).  START (default
   1): 1 starts the dual along Y (depth >= 3), 0 at 0.  INFO is K-by-7:
   iterations, stages, factorizations, residual, stationarity, decrement,
   status.  Internal: called by oplimit.m, which validates the user's
   input.

   Copyright (C) 2026 The overparam developers.  GPL-3.0-or-later.  */

#include "mex.h"
#include "limit.h"

#define ID(what) "overparam:oplimit:" what

static int
real_full (const mxArray *a)
{
  return mxIsDouble (a) && ! mxIsComplex (a) && ! mxIsSparse (a);
}

void
mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
  if (nrhs < 8 || nrhs > 9 || nlhs > 3)
    mexErrMsgIdAndTxt (ID ("badArgument"), "__oplimit__: 8 or 9 inputs");
  for (int i = 0; i < nrhs; i++)
    if (! real_full (prhs[i]))
      mexErrMsgIdAndTxt (ID ("badArgument"),
                         "__oplimit__: input %d must be real, full, double",
                         i + 1);
  const ptrdiff_t M = (ptrdiff_t) mxGetM (prhs[0]);
  const ptrdiff_t N = (ptrdiff_t) mxGetN (prhs[0]);
  const ptrdiff_t K = (ptrdiff_t) mxGetN (prhs[1]);
  const ptrdiff_t na = (ptrdiff_t) mxGetNumberOfElements (prhs[4]);
  if ((ptrdiff_t) mxGetM (prhs[1]) != M || (na != 1 && na != N))
    mexErrMsgIdAndTxt (ID ("badArgument"), "__oplimit__: sizes disagree");

  op_limit_params p;
  p.potential.model = mxGetScalar (prhs[3]) != 0 ? OP_SIGNED : OP_NONNEGATIVE;
  p.potential.depth = (int) mxGetScalar (prhs[2]);
  p.potential.alpha = mxGetPr (prhs[4]);
  p.potential.alpha_stride = na == 1 ? 0 : 1;
  p.tol = mxGetScalar (prhs[5]);
  p.maxiter = (ptrdiff_t) mxGetScalar (prhs[6]);
  const double ru = mxGetScalar (prhs[7]);
  p.reuse = ru >= 3 ? 3 : ru >= 2 ? 2 : ru != 0;
  p.start = nrhs < 9 || mxGetScalar (prhs[8]) != 0;

  const size_t nw = op_limit_workspace (M, N);
  if (nw == 0)
    mexErrMsgIdAndTxt (ID ("tooBig"), "oplimit: A is too large for BLAS");
  double *work = mxMalloc (nw * sizeof (double));
  plhs[0] = mxCreateDoubleMatrix (N, K, mxREAL);
  plhs[1] = mxCreateDoubleMatrix (M, K, mxREAL);
  plhs[2] = mxCreateDoubleMatrix (K, 7, mxREAL);
  double *x = mxGetPr (plhs[0]), *mu = mxGetPr (plhs[1]);
  double *info = mxGetPr (plhs[2]);
  const double *A = mxGetPr (prhs[0]), *Y = mxGetPr (prhs[1]);

  for (ptrdiff_t k = 0; k < K; k++)
    {
      op_limit_info in;
      const int st = op_limit_solve (A, M, N, Y + k * M, &p, work,
                                     x + k * N, mu + k * M, &in);
      if (st == OP_LIMIT_ENONFINITE)
        {
          mxFree (work);
          mexErrMsgIdAndTxt (ID ("failed"),
                             "oplimit: the Newton iteration failed without "
                             "a finite iterate (column %d of Y)", (int) k + 1);
        }
      if (st < OP_LIMIT_INFEASIBLE)
        mexErrMsgIdAndTxt (ID ("internal"),
                           "oplimit: the Newton solver failed (code %d)", st);
      const double row[7] = { in.iterations, in.stages, in.factorizations,
                              in.residual, in.stationarity, in.decrement,
                              in.status };
      for (int c = 0; c < 7; c++)
        info[k + c * K] = row[c];
    }
  mxFree (work);
}

/* Tests of the gateway (the M wrapper validates the user's input; these
   check that bad internal calls fail cleanly and that the call works).

%!test
%! A = [1 0 2; 0 1 -1];
%! [x, mu, st] = __oplimit__ (A, [1; 2], 1, 1, 0.5, 1e-12, 10, 1);
%! assert (x, pinv (A) * [1; 2], 1e-14);
%! assert (size (st), [1, 7]);
%! assert (st(7), 1);
%!test
%! ## Two right-hand sides, per-coordinate alpha, non-negative depth 3.
%! A = [1 0 2; 0 1 -1];
%! [x, mu, st] = __oplimit__ (A, [1 2; 2 1], 3, 0, [0.1; 0.2; 0.3],
%!                            1e-12, 50, 1);
%! assert (size (x), [3, 2]);
%! ## converged: norm (A*x - y) <= 1e-12 * norm (y), norm (y) = sqrt (5)
%! assert (A * x, [1 2; 2 1], 3e-12);
%! assert (st(:,7), [1; 1]);
%!test
%! ## Both starts find the same limit.
%! A = [1 0 2 1; 0 1 -1 3];
%! x1 = __oplimit__ (A, [1; 2], 3, 1, 1e-3, 1e-12, 50, 0, 1);
%! x0 = __oplimit__ (A, [1; 2], 3, 1, 1e-3, 1e-12, 50, 0, 0);
%! assert (x0, x1, 1e-10 * norm (x1));
%!error id=overparam:oplimit:badArgument __oplimit__ (1, 1)
%!error id=overparam:oplimit:badArgument
%! __oplimit__ ([1 2], 1, 3, 1, 0.1, 1e-12, 10, 1, "a");
%!error id=overparam:oplimit:badArgument
%! __oplimit__ ([1 2], 1, 3, 1, int8 (1), 1e-12, 10, 1);
%!error id=overparam:oplimit:badArgument
%! __oplimit__ ([1 2], [1; 2], 3, 1, 0.1, 1e-12, 10, 1);
%!error id=overparam:oplimit:badArgument
%! __oplimit__ ([1 2], 1, 3, 1, [0.1 0.2 0.3], 1e-12, 10, 1);
%!error id=overparam:oplimit:badArgument
%! __oplimit__ (sparse ([1 2]), 1, 3, 1, 0.1, 1e-12, 10, 1);
%!error id=overparam:oplimit:internal
%! __oplimit__ ([1 2], 1, 0, 1, 0.1, 1e-12, 10, 1);
%!error id=overparam:oplimit:internal
%! __oplimit__ ([1 2], 1, 3, 1, -0.1, 1e-12, 10, 1);
*/
