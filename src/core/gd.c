/* overparam: gradient descent on the factorized square loss
   loss = 1/2 ||A x - y||^2 with x = u^L (non-negative model) or
   x = u^L - v^L (signed model), each factor taking its own step
   (DESIGN.md 1.1).  One right-hand side, run in resumable chunks.

   Steps.  Fixed: every step uses eta; for L >= 2 a step that would make a
   factor entry non-positive is halved until it does not (counted in
   nshrink), never applied with a sign flip.  Auto: backtracking on the
   loss.  A trial step eta is accepted when every factor entry stays
   positive and at least a quarter of its value (so no entry collapses in
   one step), the iterate is finite, and the Armijo condition
   loss' <= loss - 1e-4 eta ||grad||^2 holds; otherwise eta is halved.  An
   accepted step lets the next one start from 1.1 eta.  A step that cannot
   be accepted even after 200 halvings means no progress is possible in
   double precision: the run has stalled.

   Copyright (C) 2026 The overparam developers.  GPL-3.0-or-later.  */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"
#include "gd.h"

#define ARMIJO 1e-4
#ifndef GROWTH
#define GROWTH 1.1
#endif
#ifndef SHRINK
#define SHRINK 0.5
#endif
#define MAXTRIALS 200
#define FLOOR 0.25

/* Dense matrices of at least FUSE_MIN entries (2 MiB, the size of a
   core's L2 cache here) are swept once per step in column blocks of about
   FUSE_BLOCK entries (512 KiB): the gradient g_B = A_B' r of a block and
   the candidate's contribution A_B x1_B to the next residual are computed
   while the block is in cache.  Smaller matrices take two BLAS products
   per step.  Measured (tests/bench_opgd.m, one thread, a VM whose
   260 MiB L3 holds these matrices): 0.75-1.19 of the time of the two
   products at M = 600, N = 2048 and M = 1500, N = 6000 across runs, so no
   reliable gain there; the sweep is meant for A larger than the last-level
   cache.  Of blocks of 256 KiB, 512 KiB and 1 MiB, 512 KiB measured best.  */
#ifndef FUSE_MIN
#define FUSE_MIN 262144.0
#endif
#ifndef FUSE_BLOCK
#define FUSE_BLOCK 65536
#endif

/* b^e for a small integer e >= 0 by repeated multiplication: exact
   integer powers, as the M engine computes them with .^.  */
static inline double
ipow (double b, int e)
{
  double r = 1.0;
  while (e > 0)
    {
      if (e & 1)
        r *= b;
      b *= b;
      e >>= 1;
    }
  return r;
}

/* Entries i0 <= i < i1 of x from the factors (n entries per factor);
   returns their sum of |x_i|.  */
static double
product (const op_gd_params *p, ptrdiff_t n, ptrdiff_t i0, ptrdiff_t i1,
         const double *u, const double *v, double *x)
{
  const int L = p->depth;
  const int sgn = p->model == OP_SIGNED;
  double l1 = 0.0;
  ptrdiff_t i;
  int k;

  for (i = i0; i < i1; i++)
    {
      double a, b = 0.0;
      if (p->general)
        {
          a = u[i];
          for (k = 1; k < L; k++)
            a *= u[i + k * n];
          if (sgn)
            {
              b = v[i];
              for (k = 1; k < L; k++)
                b *= v[i + k * n];
            }
        }
      else
        {
          a = ipow (u[i], L);
          if (sgn)
            b = ipow (v[i], L);
        }
      x[i] = sgn ? a - b : a;
      l1 += fabs (x[i]);
    }
  return l1;
}

/* Squared norm of the gradient with respect to all factors, entries
   i0 <= i < i1.  With identical factors it also stores the gradient of one
   factor, u^(L-1) g (and v^(L-1) g at fg + n), in fg unless fg is NULL,
   for candidate () to reuse over the trial steps.  */
static double
grad_norm2 (const op_gd_params *p, ptrdiff_t n, ptrdiff_t i0, ptrdiff_t i1,
            const double *u, const double *v, const double *g, double *pre,
            double *fg)
{
  const int L = p->depth;
  const int sgn = p->model == OP_SIGNED;
  double s = 0.0;
  ptrdiff_t i;
  int k, side;

  for (side = 0; side <= sgn; side++)
    {
      const double *w = side ? v : u;
      for (i = i0; i < i1; i++)
        {
          if (p->general)
            {
              double suf = 1.0;
              pre[0] = 1.0;
              for (k = 0; k < L; k++)
                pre[k + 1] = pre[k] * w[i + k * n];
              for (k = L - 1; k >= 0; k--)
                {
                  const double d = pre[k] * suf * g[i];
                  s += d * d;
                  suf *= w[i + k * n];
                }
            }
          else
            {
              const double d = ipow (w[i], L - 1) * g[i];
              if (fg)
                fg[i + side * n] = d;
              s += L * d * d;
            }
        }
    }
  return s;
}

/* Candidate factors after a step eta, entries i0 <= i < i1.  Returns 0
   if admissible (every factor entry positive for L >= 2, and >= FLOOR
   times its value when floor is set), 1 otherwise.  fg, unless NULL,
   holds the factor gradients stored by grad_norm2 ().  */
static int
candidate (const op_gd_params *p, ptrdiff_t n, ptrdiff_t i0, ptrdiff_t i1,
           const double *u, const double *v, const double *g, double eta,
           int floor, double *u1, double *v1, double *pre, const double *fg)
{
  const int L = p->depth;
  const int sgn = p->model == OP_SIGNED;
  const int check = L >= 2;
  ptrdiff_t i;
  int k, side;

  for (side = 0; side <= sgn; side++)
    {
      const double *w = side ? v : u;
      double *w1 = side ? v1 : u1;
      /* d loss / d u = (prod of the other u) g; d loss / d v = -(...) g */
      const double eg = side ? -eta : eta;
      for (i = i0; i < i1; i++)
        {
          if (p->general)
            {
              double suf = 1.0;
              pre[0] = 1.0;
              for (k = 0; k < L; k++)
                pre[k + 1] = pre[k] * w[i + k * n];
              for (k = L - 1; k >= 0; k--)
                {
                  const double wk = w[i + k * n];
                  const double nw = wk - eg * pre[k] * suf * g[i];
                  if (check && (! (nw > 0.0) || (floor && nw < FLOOR * wk)))
                    return 1;
                  w1[i + k * n] = nw;
                  suf *= wk;
                }
            }
          else
            {
              const double wi = w[i];
              const double d = fg ? fg[i + side * n] : ipow (wi, L - 1) * g[i];
              const double nw = wi - eg * d;
              if (check && (! (nw > 0.0) || (floor && nw < FLOOR * wi)))
                return 1;
              w1[i] = nw;
            }
        }
    }
  return 0;
}

static double
sumsq (ptrdiff_t m, const double *r)
{
  double s = 0.0;
  for (ptrdiff_t i = 0; i < m; i++)
    s += r[i] * r[i];
  return s;
}

static void
residual (const op_linop *A, const double *y, const double *x, double *r)
{
  op_linop_apply (A, x, r);
  for (ptrdiff_t i = 0; i < A->m; i++)
    r[i] -= y[i];
}

static void
record (const op_gd_params *p, const op_gd_state *s, op_gd_history *h,
        ptrdiff_t n, const double *x, double rr, double l1, double eta)
{
  const ptrdiff_t c = h->count;
  ptrdiff_t j;

  if (c >= h->capacity)
    return;
  h->iteration[c] = s->iter;
  h->residual[c] = sqrt (rr);
  h->loss[c] = 0.5 * rr;
  h->l1norm[c] = l1;
  h->step[c] = eta;
  h->energy[c] = s->energy;
  for (j = 0; j < p->nref; j++)
    {
      double d;
      if (op_bregman (&p->potential, n, p->reference + j * n, x, &d, NULL)
          != OP_POT_OK)
        d = NAN;
      h->bregman[c + j * h->capacity] = d;
    }
  for (j = 0; j < p->npaths; j++)
    h->paths[c + j * h->capacity] = x[p->paths[j]];
  h->count = c + 1;
}

/* One sweep over dense A: g = A' r (and gn2 = ||grad||^2 when wanted),
   and the candidate factors u1, v1, x1 for the step eta with its residual
   r1 = A x1 - y, *rr1 = ||r1||^2 and *l11 = ||x1||_1.  Returns 0 if the
   candidate is admissible, 1 otherwise (then g and gn2 are still
   complete; the candidate is not).  */
static int
fused (const op_linop *A, const double *y, const op_gd_params *p,
       double eta, int floor, const double *u, const double *v,
       const double *r, double *g, double *gn2, double *u1, double *v1,
       double *x1, double *r1, double *rr1, double *l11, double *pre,
       double *fg)
{
  const ptrdiff_t m = A->m, n = A->n;
  const op_blas_int bm = (op_blas_int) m, one = 1;
  const double done = 1.0, dzero = 0.0;
  ptrdiff_t bw = FUSE_BLOCK / (m > 0 ? m : 1), j0, i;
  int bad = 0;

  if (bw < 1)
    bw = 1;
  for (i = 0; i < m; i++)
    r1[i] = -y[i];
  *gn2 = 0.0;
  *l11 = 0.0;
  for (j0 = 0; j0 < n; j0 += bw)
    {
      const ptrdiff_t j1 = j0 + bw < n ? j0 + bw : n;
      const op_blas_int nb = (op_blas_int) (j1 - j0);
      const double *Ab = A->a + j0 * m;
      dgemv_ ("T", &bm, &nb, &done, Ab, &bm, r, &one, &dzero, g + j0, &one, 1);
      if (p->auto_step)
        *gn2 += grad_norm2 (p, n, j0, j1, u, v, g, pre, fg);
      if (bad)
        continue;
      if (candidate (p, n, j0, j1, u, v, g, eta, floor, u1, v1, pre,
                     p->auto_step ? fg : NULL))
        {
          bad = 1;
          continue;
        }
      *l11 += product (p, n, j0, j1, u1, v1, x1);
      dgemv_ ("N", &bm, &nb, &done, Ab, &bm, x1 + j0, &one, &done, r1, &one, 1);
    }
  if (! bad)
    *rr1 = sumsq (m, r1);
  return bad;
}

int
op_gd_run (const op_linop *A, const double *y, const op_gd_params *p,
           op_gd_state *s, op_gd_history *h, double *xout, double *rnorm)
{
  const ptrdiff_t m = A->m, n = A->n;
  const int L = p->depth;
  const int sgn = p->model == OP_SIGNED;
  const ptrdiff_t nf = p->general ? n * L : n;
  const ptrdiff_t W = p->stallwindow > 0 ? p->stallwindow : 1;
  const int fuse = A->a && m > 0 && n > 0 && (double) m * n >= FUSE_MIN;
  double *work, *u1, *v1, *x, *x1, *r, *r1, *g, *pre, *fg, *tmp;
  double rr, l1, eta = s->eta, gn2 = 0.0;
  /* In the fused sweep the first trial of the next step is computed with
     the gradient: pending says so, pend_bad whether it was admissible.  */
  int pending = 0, pend_bad = 0;
  double pend_rr = 0.0, pend_l1 = 0.0;
  ptrdiff_t k, i;
  int status = OP_GD_RUNNING;

  if (L < 1 || n < 0 || m < 0 || (! p->auto_step && ! (p->step > 0.0)))
    return OP_GD_EARGS;
  if (op_linop_check (A) != OP_LINOP_OK)
    return OP_GD_ETOOBIG;

  /* All workspace at once; nothing is allocated inside the loop.  */
  work = malloc (sizeof (double)
                 * (size_t) (2 * nf + 2 * n + 2 * m + n + L + 1 + 2 * n + 1));
  if (! work)
    return OP_GD_ENOMEM;
  u1 = work;
  v1 = u1 + nf;
  x = v1 + nf;
  x1 = x + n;
  r = x1 + n;
  r1 = r + m;
  g = r1 + m;
  pre = g + n;
  fg = pre + L + 1;

  /* The current factors and the candidates swap places; the final ones
     are copied back into the caller's state.  */
  double *u = s->u, *v = sgn ? s->v : u1 + nf;   /* v unused if !sgn */
  int uflip = 0;

  l1 = product (p, n, 0, n, u, v, x);
  residual (A, y, x, r);
  rr = sumsq (m, r);
  if (fuse)
    {
      pend_bad = fused (A, y, p, p->auto_step ? eta : p->step,
                        p->auto_step, u, v, r, g, &gn2, u1, v1, x1, r1,
                        &pend_rr, &pend_l1, pre, fg);
      pending = 1;
    }
  else
    op_linop_adjoint (A, r, g);
  if (s->iter == 0 && h)
    record (p, s, h, n, x, rr, l1, p->auto_step ? eta : p->step);

  for (k = 0;; k++)
    {
      const double rn = sqrt (rr);
      double eta_try, rr1 = 0.0, l11 = 0.0;
      int trial, shrunk = 0, accepted = 0;

      if (p->discrepancy > 0.0 && rn <= p->discrepancy)
        {
          status = OP_GD_DISCREPANCY;
          break;
        }
      if (rn <= p->tol_abs)
        {
          status = OP_GD_CONVERGED;
          break;
        }
      if (k >= p->maxsteps)
        break;

      if (p->auto_step && ! fuse)
        gn2 = grad_norm2 (p, n, 0, n, u, v, g, pre, fg);
      eta_try = p->auto_step ? eta : p->step;
      for (trial = 0; trial < MAXTRIALS; trial++)
        {
          if (trial == 0 && pending)
            {
              /* The sweep has computed this trial already.  */
              pending = 0;
              if (pend_bad)
                {
                  eta_try *= SHRINK;
                  shrunk = 1;
                  continue;
                }
              rr1 = pend_rr;
              l11 = pend_l1;
            }
          else
            {
              if (candidate (p, n, 0, n, u, v, g, eta_try, p->auto_step,
                             u1, v1, pre, p->auto_step ? fg : NULL))
                {
                  eta_try *= SHRINK;
                  shrunk = 1;
                  continue;
                }
              l11 = product (p, n, 0, n, u1, v1, x1);
              residual (A, y, x1, r1);
              rr1 = sumsq (m, r1);
            }
          if (! isfinite (rr1) || ! isfinite (l11))
            {
              if (! p->auto_step)
                break;
              eta_try *= SHRINK;
              continue;
            }
          if (p->auto_step && 0.5 * rr1 > 0.5 * rr - ARMIJO * eta_try * gn2)
            {
              eta_try *= SHRINK;
              continue;
            }
          accepted = 1;
          break;
        }
      if (! accepted)
        {
          status = (! p->auto_step && trial < MAXTRIALS) ? OP_GD_DIVERGED
                                                         : OP_GD_STALLED;
          break;
        }

      /* Accept: the step dissipates eta ||r||^2 of the Bregman budget.  */
      if (shrunk && ! p->auto_step)
        s->nshrink += 1.0;
      s->energy += eta_try * rr;
      tmp = u; u = u1; u1 = tmp;
      tmp = v; v = v1; v1 = tmp;
      uflip = ! uflip;
      tmp = x; x = x1; x1 = tmp;
      tmp = r; r = r1; r1 = tmp;
      rr = rr1;
      l1 = l11;
      s->iter += 1.0;
      if (p->auto_step)
        eta = eta_try * GROWTH;
      if (fuse)
        {
          pend_bad = fused (A, y, p, p->auto_step ? eta : p->step,
                            p->auto_step, u, v, r, g, &gn2, u1, v1, x1, r1,
                            &pend_rr, &pend_l1, pre, fg);
          pending = 1;
        }
      else
        op_linop_adjoint (A, r, g);

      if (h && fmod (s->iter, (double) p->record) == 0.0)
        record (p, s, h, n, x, rr, l1, eta_try);

      if (fmod (s->iter, (double) W) == 0.0)
        {
          double dx = 0.0, xn = 0.0;
          for (i = 0; i < n; i++)
            {
              const double d = x[i] - s->xcheck[i];
              dx += d * d;
              xn += x[i] * x[i];
            }
          memcpy (s->xcheck, x, sizeof (double) * (size_t) n);
          if (sqrt (dx) <= p->stalltol * sqrt (xn))
            {
              status = OP_GD_STALLED;
              break;
            }
        }
    }

  /* A final row unless this iteration was just recorded.  */
  if (h && (status != OP_GD_RUNNING || p->final)
      && (h->count == 0 || h->iteration[h->count - 1] != s->iter))
    record (p, s, h, n, x, rr, l1, p->auto_step ? eta : p->step);

  if (uflip)
    {
      /* The current factors live in the workspace: copy them back.  */
      memcpy (s->u, u, sizeof (double) * (size_t) nf);
      if (sgn)
        memcpy (s->v, v, sizeof (double) * (size_t) nf);
    }
  s->eta = eta;
  memcpy (xout, x, sizeof (double) * (size_t) n);
  *rnorm = sqrt (rr);
  free (work);
  return status;
}
