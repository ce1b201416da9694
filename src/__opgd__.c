/* overparam: MEX gateway of the gradient-descent engine (src/core/gd.c).

   [state, hist, status, x, rnorm] = __opgd__ (A, y, state, params)

   Runs at most params.maxsteps steps from STATE for one right-hand side Y
   and returns the new state, the history rows recorded in this chunk, the
   chunk's status (src/core/gd.h) and the iterate.  Internal: called by
   opgd.m, which validates the user's input.

   Copyright (C) 2026 The overparam developers.  GPL-3.0-or-later.  */

#include <string.h>
#include "mex.h"
#include "gd.h"

/* The core takes Octave's sparse indices as int64_t.  */
typedef char op_check_mwindex[sizeof (mwIndex) == sizeof (int64_t) ? 1 : -1];

#define ID(what) "overparam:__opgd__:" what

static const mxArray *
field (const mxArray *s, const char *name)
{
  const mxArray *f = mxGetField (s, 0, name);
  if (! f)
    mexErrMsgIdAndTxt (ID ("badArgument"), "missing field '%s'", name);
  return f;
}

/* A count in [lo, hi], checked before the conversion to an integer.  */
static double
count (const mxArray *s, const char *name, double lo, double hi);

static double
scalar (const mxArray *s, const char *name)
{
  const mxArray *f = field (s, name);
  if (! (mxIsDouble (f) || mxIsLogical (f)) || mxIsComplex (f)
      || mxGetNumberOfElements (f) != 1)
    mexErrMsgIdAndTxt (ID ("badArgument"),
                       "field '%s' must be a real double scalar", name);
  return mxGetScalar (f);
}

static double
count (const mxArray *s, const char *name, double lo, double hi)
{
  const double v = scalar (s, name);
  if (! (v >= lo && v <= hi && v == (double) (ptrdiff_t) v))
    mexErrMsgIdAndTxt (ID ("badArgument"),
                       "field '%s' must be an integer in [%g, %g]",
                       name, lo, hi);
  return v;
}

static const double *
vector (const mxArray *s, const char *name, size_t rows, size_t cols)
{
  const mxArray *f = field (s, name);
  if (! mxIsDouble (f) || mxIsComplex (f) || mxIsSparse (f)
      || mxGetM (f) != rows || mxGetN (f) != cols)
    mexErrMsgIdAndTxt (ID ("badArgument"),
                       "field '%s' must be a real %d-by-%d matrix",
                       name, (int) rows, (int) cols);
  return mxGetPr (f);
}

static mxArray *
column (const double *v, ptrdiff_t rows, ptrdiff_t cols, ptrdiff_t ld)
{
  mxArray *a = mxCreateDoubleMatrix (rows, cols, mxREAL);
  for (ptrdiff_t j = 0; j < cols; j++)
    if (rows > 0)
      memcpy (mxGetPr (a) + j * rows, v + j * ld, sizeof (double) * rows);
  return a;
}

void
mexFunction (int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
  static const char *sfields[] = { "u", "v", "eta", "iter", "energy",
                                   "xcheck", "nshrink" };
  static const char *hfields[] = { "iteration", "residual", "loss", "l1norm",
                                   "step", "energy", "bregman", "paths" };
  const mxArray *A_, *y_, *st, *pa;
  op_linop A;
  op_gd_params p;
  op_gd_state s;
  op_gd_history h;
  ptrdiff_t m, n, j;
  double rnorm, *x, *pbuf = NULL;
  ptrdiff_t *paths = NULL;
  mxArray *ust, *vst = NULL, *xck, *out[5];
  int status;

  if (nlhs > 5)
    mexErrMsgIdAndTxt (ID ("badArgument"), "at most 5 outputs");
  if (nrhs != 4 || ! mxIsStruct (prhs[2]) || ! mxIsStruct (prhs[3]))
    mexErrMsgIdAndTxt (ID ("badArgument"),
                       "expected (A, y, state, params)");
  A_ = prhs[0];
  y_ = prhs[1];
  st = prhs[2];
  pa = prhs[3];
  if (! mxIsDouble (A_) || mxIsComplex (A_)
      || mxGetNumberOfDimensions (A_) != 2)
    mexErrMsgIdAndTxt (ID ("badA"), "A must be a real double matrix");
  m = (ptrdiff_t) mxGetM (A_);
  n = (ptrdiff_t) mxGetN (A_);
  if (! mxIsDouble (y_) || mxIsComplex (y_) || mxIsSparse (y_)
      || (ptrdiff_t) mxGetM (y_) != m || mxGetN (y_) != 1)
    mexErrMsgIdAndTxt (ID ("badY"), "y must be a real M-by-1 vector");

  memset (&A, 0, sizeof (A));
  A.m = m;
  A.n = n;
  if (mxIsSparse (A_))
    {
      A.colptr = (const int64_t *) mxGetJc (A_);
      A.rowind = (const int64_t *) mxGetIr (A_);
      A.val = mxGetPr (A_);
    }
  else
    A.a = mxGetPr (A_);

  memset (&p, 0, sizeof (p));
  p.model = scalar (pa, "signed") != 0 ? OP_SIGNED : OP_NONNEGATIVE;
  p.depth = (int) count (pa, "depth", 1, 1000);
  p.general = scalar (pa, "general") != 0;
  p.auto_step = scalar (pa, "auto") != 0;
  p.step = scalar (pa, "step");
  p.maxsteps = (ptrdiff_t) count (pa, "maxsteps", 0, 1e15);
  p.tol_abs = scalar (pa, "tolabs");
  p.discrepancy = scalar (pa, "discrepancy");
  p.stalltol = scalar (pa, "stalltol");
  p.stallwindow = (ptrdiff_t) count (pa, "stallwindow", 1, 1e15);
  p.record = (ptrdiff_t) count (pa, "record", 1, 1e15);
  p.final = scalar (pa, "final") != 0;

  /* Bregman monitor: reference solutions and the potential's alpha.  */
  {
    const mxArray *z = field (pa, "reference");
    if (mxGetNumberOfElements (z) > 0)
      {
        const mxArray *al = field (pa, "alpha");
        size_t na = mxGetNumberOfElements (al);
        p.nref = (ptrdiff_t) mxGetN (z);
        p.reference = vector (pa, "reference", n, p.nref);
        if (! mxIsDouble (al) || (na != 1 && na != (size_t) n))
          mexErrMsgIdAndTxt (ID ("badArgument"), "bad alpha");
        p.potential.model = p.model;
        p.potential.depth = p.depth;
        p.potential.alpha = mxGetPr (al);
        p.potential.alpha_stride = na == 1 ? 0 : 1;
      }
  }
  {
    const mxArray *pv = field (pa, "paths");
    p.npaths = (ptrdiff_t) mxGetNumberOfElements (pv);
    if (p.npaths > 0)
      {
        const double *pi = mxGetPr (pv);
        paths = mxMalloc (sizeof (ptrdiff_t) * p.npaths);
        for (j = 0; j < p.npaths; j++)
          {
            if (! (pi[j] >= 1 && pi[j] <= n))
              mexErrMsgIdAndTxt (ID ("badArgument"), "bad path index");
            paths[j] = (ptrdiff_t) pi[j] - 1;
          }
        p.paths = paths;
      }
  }

  /* The new state starts as a copy of the old one and is updated in
     place by the core.  */
  vector (st, "u", n, p.general ? p.depth : 1);
  ust = mxDuplicateArray (field (st, "u"));
  s.u = mxGetPr (ust);
  s.v = NULL;
  if (p.model == OP_SIGNED)
    {
      vector (st, "v", n, p.general ? p.depth : 1);
      vst = mxDuplicateArray (field (st, "v"));
      s.v = mxGetPr (vst);
    }
  vector (st, "xcheck", n, 1);
  xck = mxDuplicateArray (field (st, "xcheck"));
  s.xcheck = mxGetPr (xck);
  s.eta = scalar (st, "eta");
  s.iter = scalar (st, "iter");
  s.energy = scalar (st, "energy");
  s.nshrink = scalar (st, "nshrink");

  /* History buffer: one row per RECORD steps, plus the first and last.  */
  memset (&h, 0, sizeof (h));
  h.capacity = p.maxsteps / p.record + 2;
  {
    const ptrdiff_t cols = 6 + p.nref + p.npaths;
    pbuf = mxCalloc ((size_t) (h.capacity * cols), sizeof (double));
    h.iteration = pbuf;
    h.residual = pbuf + h.capacity;
    h.loss = pbuf + 2 * h.capacity;
    h.l1norm = pbuf + 3 * h.capacity;
    h.step = pbuf + 4 * h.capacity;
    h.energy = pbuf + 5 * h.capacity;
    h.bregman = pbuf + 6 * h.capacity;
    h.paths = h.bregman + p.nref * h.capacity;
  }

  x = mxMalloc (sizeof (double) * (size_t) (n > 0 ? n : 1));
  status = op_gd_run (&A, mxGetPr (y_), &p, &s, &h, x, &rnorm);
  if (status == OP_GD_ENOMEM)
    mexErrMsgIdAndTxt (ID ("noMemory"), "out of memory");
  if (status == OP_GD_ETOOBIG)
    mexErrMsgIdAndTxt (ID ("tooLarge"),
                       "A is too large for the BLAS integer type");
  if (status == OP_GD_EARGS)
    mexErrMsgIdAndTxt (ID ("badArgument"), "bad parameters");

  out[0] = mxCreateStructMatrix (1, 1, 7, sfields);
  mxSetField (out[0], 0, "u", ust);
  mxSetField (out[0], 0, "v", vst ? vst : mxCreateDoubleMatrix (0, 0, mxREAL));
  mxSetField (out[0], 0, "eta", mxCreateDoubleScalar (s.eta));
  mxSetField (out[0], 0, "iter", mxCreateDoubleScalar (s.iter));
  mxSetField (out[0], 0, "energy", mxCreateDoubleScalar (s.energy));
  mxSetField (out[0], 0, "xcheck", xck);
  mxSetField (out[0], 0, "nshrink", mxCreateDoubleScalar (s.nshrink));

  out[1] = mxCreateStructMatrix (1, 1, 8, hfields);
  {
    const ptrdiff_t c = h.count;
    mxSetField (out[1], 0, "iteration", column (h.iteration, c, 1, 0));
    mxSetField (out[1], 0, "residual", column (h.residual, c, 1, 0));
    mxSetField (out[1], 0, "loss", column (h.loss, c, 1, 0));
    mxSetField (out[1], 0, "l1norm", column (h.l1norm, c, 1, 0));
    mxSetField (out[1], 0, "step", column (h.step, c, 1, 0));
    mxSetField (out[1], 0, "energy", column (h.energy, c, 1, 0));
    mxSetField (out[1], 0, "bregman",
                column (h.bregman, c, p.nref, h.capacity));
    mxSetField (out[1], 0, "paths", column (h.paths, c, p.npaths, h.capacity));
  }
  out[2] = mxCreateDoubleScalar (status);
  out[3] = mxCreateDoubleMatrix (n, 1, mxREAL);
  if (n > 0)
    memcpy (mxGetPr (out[3]), x, sizeof (double) * (size_t) n);
  out[4] = mxCreateDoubleScalar (rnorm);
  for (j = 0; j < 5; j++)
    if (j < (nlhs > 1 ? nlhs : 1))
      plhs[j] = out[j];
    else
      mxDestroyArray (out[j]);
  mxFree (x);
  mxFree (pbuf);
  if (paths)
    mxFree (paths);
}

/*
%!shared A, y, P, S
%! A = [1 0 2; 0 1 -1];
%! y = [1; 2];
%! P = struct ("signed", true, "depth", 2, "general", false, "auto", false,
%!             "step", 0.01, "maxsteps", 3, "tolabs", 0, "discrepancy", 0,
%!             "stalltol", 0, "stallwindow", 100, "record", 1, "final", false,
%!             "reference", [], "alpha", 0.5, "paths", [1 3]);
%! S = struct ("u", 0.5 * ones (3, 1), "v", 0.5 * ones (3, 1), "eta", 0.01,
%!             "iter", 0, "energy", 0, "xcheck", zeros (3, 1), "nshrink", 0);

## Three steps by hand: u <- u - eta u g, v <- v + eta v g, x = u^2 - v^2
%!test
%! [st, h, status, x, rn] = __opgd__ (A, y, S, P);
%! u = S.u; v = S.v;
%! for k = 1:3
%!   g = A' * (A * (u.^2 - v.^2) - y);
%!   [u, v] = deal (u - 0.01 * u .* g, v + 0.01 * v .* g);
%! endfor
%! assert (st.u, u, 1e-15);
%! assert (st.v, v, 1e-15);
%! assert (x, u.^2 - v.^2, 1e-15);
%! assert (rn, norm (A * x - y), 1e-14);
%! assert (status, 0);
%! assert (st.iter, 3);
%! assert (h.iteration', 0:3);
%! assert (size (h.paths), [4 2]);

## Sparse A gives the same chunk
%!test
%! [st1, ~, ~, x1] = __opgd__ (A, y, S, P);
%! [st2, ~, ~, x2] = __opgd__ (sparse (A), y, S, P);
%! assert (x2, x1, 1e-15);

## Stopping: tolerance already met
%!test
%! [~, ~, status] = __opgd__ (A, y, S, setfield (P, "tolabs", 10));
%! assert (status, 1);

%!error id=overparam:__opgd__:badArgument __opgd__ (A, y, S)
%!error id=overparam:__opgd__:badA __opgd__ (single (A), y, S, P)
%!error id=overparam:__opgd__:badA __opgd__ (A + 1i, y, S, P)
%!error id=overparam:__opgd__:badY __opgd__ (A, [y; 1], S, P)
%!error id=overparam:__opgd__:badArgument __opgd__ (A, y, rmfield (S, "u"), P)
%!error id=overparam:__opgd__:badArgument __opgd__ (A, y, setfield (S, "u", 1), P)
%!error id=overparam:__opgd__:badArgument __opgd__ (A, y, S, setfield (P, "depth", 0))
%!error id=overparam:__opgd__:badArgument __opgd__ (A, y, S, setfield (P, "paths", 4))
%!error id=overparam:__opgd__:badArgument __opgd__ (A, y, S, setfield (P, "step", "a"))
%!error id=overparam:__opgd__:badArgument __opgd__ (A, y, S, setfield (P, "record", Inf))
%!error id=overparam:__opgd__:badArgument __opgd__ (A, y, S, setfield (P, "maxsteps", NaN))
%!error id=overparam:__opgd__:badArgument __opgd__ (A, y, S, setfield (P, "depth", 2.5))
*/
