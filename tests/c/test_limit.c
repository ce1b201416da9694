/* overparam: C unit tests of the limit of the flow (src/core/limit.c,
   DESIGN.md 1.3), built with AddressSanitizer and UBSan by tests/c/Makefile
   and run by make check.  Prints each failure and, last,
   "N passed, N failed".
   Copyright (C) 2026 The overparam developers.  GPL-3.0-or-later.

   The solver returns x and the dual mu with grad F (x) = theta_0 + A' mu
   (limit.c works with mu = c nu internally and hands back mu = c nu), so
   the optimality conditions are checked directly: A x = y, and
   grad F (x) - theta_0 - A' mu = 0 with grad F and theta_0 from
   potential.c.  */

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limit.h"
#include "potential.h"

#include "check.h"

/* The same with the case and two numbers.  */
#define CHECKV(cond, a, b)                                              \
  do                                                                    \
    {                                                                   \
      if (cond)                                                         \
        npass++;                                                        \
      else                                                              \
        {                                                               \
          nfail++;                                                      \
          printf ("FAIL %s:%d: %s [%s]: %.6g vs %.6g\n", __FILE__,       \
                  __LINE__, #cond, casename, (double) (a), (double) (b)); \
        }                                                               \
    }                                                                   \
  while (0)

static char casename[160];

/* Deterministic pseudo-random numbers: xorshift64*, uniform in (0, 1) and
   Gaussian by Box-Muller.  */
static uint64_t rstate;

static double
unif (void)
{
  rstate ^= rstate >> 12;
  rstate ^= rstate << 25;
  rstate ^= rstate >> 27;
  return ((rstate * 2685821657736338717ull) >> 11) * 0x1.0p-53 + 0x1.0p-54;
}

static double
gauss (void)
{
  double u = unif (), v = unif ();
  return sqrt (-2.0 * log (u)) * cos (6.283185307179586 * v);
}

/* A (M-by-N, column-major, N(0, 1/M) entries), x0 with s nonzeros of
   magnitude in [1, 2] (random signs if sgn), y = A x0.  */
static void
instance (ptrdiff_t M, ptrdiff_t N, int s, int sgn, uint64_t seed,
          double *A, double *x0, double *y)
{
  rstate = seed * 0x9E3779B97F4A7C15ull + 1;
  for (ptrdiff_t k = 0; k < M * N; k++)
    A[k] = gauss () / sqrt ((double) M);
  memset (x0, 0, sizeof (double) * N);
  for (int k = 0; k < s; k++)
    {
      ptrdiff_t j = (ptrdiff_t) (unif () * N);
      while (x0[j] != 0)
        j = (j + 1) % N;
      x0[j] = (1.0 + unif ()) * (sgn && unif () < 0.5 ? -1 : 1);
    }
  for (ptrdiff_t i = 0; i < M; i++)
    {
      y[i] = 0;
      for (ptrdiff_t j = 0; j < N; j++)
        y[i] += A[i + j * M] * x0[j];
    }
}

static double
norm2 (ptrdiff_t n, const double *v)
{
  long double s = 0;
  for (ptrdiff_t i = 0; i < n; i++)
    s += (long double) v[i] * v[i];
  return (double) sqrtl (s);
}

/* r = A x - y in long double, returns ||r||.  */
static double
resid (const double *A, ptrdiff_t M, ptrdiff_t N, const double *x,
       const double *y)
{
  long double s = 0;
  for (ptrdiff_t i = 0; i < M; i++)
    {
      long double r = -(long double) y[i];
      for (ptrdiff_t j = 0; j < N; j++)
        r += (long double) A[i + j * M] * x[j];
      s += r * r;
    }
  return (double) sqrtl (s);
}

/* The minimum-distance solution x = xs + A' (A A')^-1 (y - A xs), by
   Cholesky of A A' in long double.  Also w = (A A')^-1 (y - A xs).  */
static void
min_distance (const double *A, ptrdiff_t M, ptrdiff_t N, const double *y,
              const double *xs, double *x, double *w)
{
  long double *G = malloc (sizeof (long double) * M * M);
  long double *b = malloc (sizeof (long double) * M);
  for (ptrdiff_t i = 0; i < M; i++)
    {
      b[i] = y[i];
      for (ptrdiff_t j = 0; j < N; j++)
        b[i] -= (long double) A[i + j * M] * xs[j];
      for (ptrdiff_t k = 0; k <= i; k++)
        {
          long double s = 0;
          for (ptrdiff_t j = 0; j < N; j++)
            s += (long double) A[i + j * M] * A[k + j * M];
          G[i + k * M] = s;
        }
    }
  for (ptrdiff_t k = 0; k < M; k++)          /* lower Cholesky */
    {
      long double d = G[k + k * M];
      for (ptrdiff_t j = 0; j < k; j++)
        d -= G[k + j * M] * G[k + j * M];
      d = sqrtl (d);
      G[k + k * M] = d;
      for (ptrdiff_t i = k + 1; i < M; i++)
        {
          long double s = G[i + k * M];
          for (ptrdiff_t j = 0; j < k; j++)
            s -= G[i + j * M] * G[k + j * M];
          G[i + k * M] = s / d;
        }
    }
  for (ptrdiff_t i = 0; i < M; i++)           /* G G' w = b */
    {
      for (ptrdiff_t j = 0; j < i; j++)
        b[i] -= G[i + j * M] * b[j];
      b[i] /= G[i + i * M];
    }
  for (ptrdiff_t i = M - 1; i >= 0; i--)
    {
      for (ptrdiff_t j = i + 1; j < M; j++)
        b[i] -= G[j + i * M] * b[j];
      b[i] /= G[i + i * M];
    }
  for (ptrdiff_t j = 0; j < N; j++)
    {
      long double s = xs[j];
      for (ptrdiff_t i = 0; i < M; i++)
        s += (long double) A[i + j * M] * b[i];
      x[j] = (double) s;
    }
  for (ptrdiff_t i = 0; i < M; i++)
    w[i] = (double) b[i];
  free (G);
  free (b);
}

static op_limit_params
params (op_model model, int L, const double *alpha, ptrdiff_t stride)
{
  op_limit_params p;
  memset (&p, 0, sizeof p);
  p.potential.model = model;
  p.potential.depth = L;
  p.potential.alpha = alpha;
  p.potential.alpha_stride = stride;
  p.tol = 1e-12;
  p.maxiter = 200;
  p.reuse = 1;
  p.start = 1;
  return p;
}

/* One solve with every check that applies; x and mu returned.  */
static int
solve_and_check (const double *A, ptrdiff_t M, ptrdiff_t N, const double *y,
                 const double *x0, const op_limit_params *p, double *x,
                 double *mu)
{
  const op_potential *pot = &p->potential;
  double *work = malloc (sizeof (double) * op_limit_workspace (M, N));
  double *th = malloc (sizeof (double) * N), *th0 = malloc (sizeof (double) * N);
  op_limit_info info;
  int st = op_limit_solve (A, M, N, y, p, work, x, mu, &info);
  CHECKV (st == OP_LIMIT_CONVERGED && info.status == st, st, info.residual);
  if (st < OP_LIMIT_INFEASIBLE)
    goto done;

  /* A x = y: 1e-10 ||y|| (the solver's tolerance is 1e-12 on the same
     relative residual; recomputed here in long double).  */
  double yn = norm2 (M, y), rn = resid (A, M, N, x, y);
  CHECKV (rn <= 1e-10 * yn, rn / yn, 1e-10);
  /* The reported measures: converged means both below tol (recomputing the
     residual from the returned x may differ by rounding: factor 10).  */
  CHECKV (info.residual <= p->tol && info.stationarity <= p->tol
          && rn <= 10 * p->tol * yn + 1e-15 * yn, info.residual,
          info.stationarity);
  CHECKV (info.iterations >= 1 && info.iterations <= p->maxiter
          && info.stages >= 1 && info.factorizations >= 1, info.iterations,
          info.stages);

  /* x in the domain: non-negative model, L >= 2: x > 0.  */
  if (pot->model == OP_NONNEGATIVE && pot->depth >= 2)
    {
      int pos = 1;
      for (ptrdiff_t j = 0; j < N; j++)
        pos &= x[j] > 0;
      CHECKV (pos, 0, 0);
    }

  /* KKT: grad F (x) - theta_0 = A' mu.  Per coordinate,
       |grad F (x_j) - theta_0j - (A' mu)_j|
         <= 1e-11 ||A' mu||_2 + 1e-12 (|grad F (x_j)| + |theta_0j|):
     the solver's stationarity (<= tol = 1e-12) bounds the first part by
     1e-12 ||A' mu||_2, here with a margin of 10 (it is measured in the scaled dual, mu = c nu, on
     the coordinates that keep x as the unknown; the others have
     x = psi (theta_0 + A' mu) up to rounding); the second is the rounding
     of grad F, theta_0 and of chi in limit.c (exp/log of arguments up to
     ~300, eps |log x| each), with margin.  Measured: at most 4e-14 of
     ||A' mu||_2 + |grad F| + |theta_0|; mu scaled by 1 + 1e-8 fails
     every case, a wrong dual scaling c or theta_0 by many orders.  */
  int e1 = op_potential_grad (pot, N, x, th);
  int e2 = op_potential_init (pot, N, th0);
  CHECKV (e1 == OP_POT_OK && e2 == OP_POT_OK, e1, e2);
  {
    double *atm = calloc ((size_t) N, sizeof (double)), worst = 0, wj = -1;
    for (ptrdiff_t j = 0; j < N; j++)
      {
        long double s = 0;
        for (ptrdiff_t i = 0; i < M; i++)
          s += (long double) A[i + j * M] * mu[i];
        atm[j] = (double) s;
      }
    double an = norm2 (N, atm);
    int ok = isfinite (an) && an > 0;
    for (ptrdiff_t j = 0; j < N; j++)
      {
        double r = fabs (th[j] - th0[j] - atm[j]);
        double tol = 1e-11 * an + 1e-12 * (fabs (th[j]) + fabs (th0[j]));
        if (! (r <= tol))
          ok = 0;
        if (r / (an + fabs (th[j]) + fabs (th0[j])) > worst)
          worst = r / (an + fabs (th[j]) + fabs (th0[j])), wj = j;
      }
    CHECKV (ok, worst, wj);
    free (atm);
  }

  /* Small alpha and L >= 3: the limit is the minimal-l1 solution up to
     O(alpha^(L-2)) (DESIGN.md 1.3); these instances are chosen so that
     x0 is that solution (s = 2 of M = 8, s = 4 of M = 40).  1e-3
     relative (the perturbation is 1e-6 at alpha = 1e-6, L = 3).  */
  if (x0 && pot->depth >= 3 && pot->alpha_stride == 0 && pot->alpha[0] <= 1e-6)
    {
      double d[256];
      for (ptrdiff_t j = 0; j < N; j++)
        d[j] = x[j] - x0[j];
      CHECKV (norm2 (N, d) <= 1e-3 * norm2 (N, x0), norm2 (N, d),
              norm2 (N, x0));
    }
 done:
  free (work);
  free (th);
  free (th0);
  return st;
}

/* alpha per coordinate spread over decades (log-spaced, in an order
   mixed by a stride coprime to N): M = 40, N = 100, s = 4, seeds 1-3,
   every check of solve_and_check within 60 Newton steps.  Before the
   stages scaled each coordinate by its own alpha (limit.c,
   "Alpha per coordinate"), 3 of the 6 non-negative cases reached the
   iteration limit and 3 of the 6 signed ones stalled.  Still out of
   reach (NEWS): (alpha_max / alpha_min)^(L-2) of 1e16 and more (L = 6
   over 1e-6 .. 1e-2, L = 4 over 1e-10 .. 1e-2).  */
static void
test_spread (void)
{
  const ptrdiff_t M = 40, N = 100;
  static const struct { int sg; double lo, hi; } cases[] =
    { { 0, 1e-4, 1e-3 }, { 1, 1e-6, 1e-2 } };
  double *A = malloc (sizeof (double) * M * N);
  double *x0 = malloc (sizeof (double) * N), *y = malloc (sizeof (double) * M);
  double *x = malloc (sizeof (double) * N), *mu = malloc (sizeof (double) * M);
  double *av = malloc (sizeof (double) * N);
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
    for (int L = 3; L <= 4; L++)
      for (uint64_t seed = 1; seed <= 3; seed++)
        {
          instance (M, N, 4, cases[c].sg, seed, A, x0, y);
          for (ptrdiff_t j = 0; j < N; j++)
            {
              const double k = (double) ((j * (2 * seed + 1)) % N);
              av[j] = cases[c].hi * pow (cases[c].lo / cases[c].hi,
                                         k / (N - 1));
            }
          op_limit_params p = params (cases[c].sg ? OP_SIGNED
                                      : OP_NONNEGATIVE, L, av, 1);
          p.reuse = 2;
          p.maxiter = 60;
          snprintf (casename, sizeof casename,
                    "spread %s alpha %g .. %g L %d seed %d",
                    cases[c].sg ? "signed" : "nonneg", cases[c].lo,
                    cases[c].hi, L, (int) seed);
          solve_and_check (A, M, N, y, NULL, &p, x, mu);
        }
  free (A);
  free (x0);
  free (y);
  free (x);
  free (mu);
  free (av);
}

static const int depths[] = { 1, 2, 3, 6 };
static const double alphas[] = { 1e-1, 1e-6, 1e-12 };

static void
test_instances (ptrdiff_t M, ptrdiff_t N, int s, uint64_t seed)
{
  double *A = malloc (sizeof (double) * M * N), *x0 = malloc (sizeof (double) * N);
  double *y = malloc (sizeof (double) * M), *x = malloc (sizeof (double) * N);
  double *x2 = malloc (sizeof (double) * N), *mu = malloc (sizeof (double) * M);
  double *mu2 = malloc (sizeof (double) * M), *av = malloc (sizeof (double) * N);
  double *xs = malloc (sizeof (double) * N), *xm = malloc (sizeof (double) * N);
  double *w = malloc (sizeof (double) * M);
  for (int sg = 0; sg < 2; sg++)
    {
      op_model model = sg ? OP_SIGNED : OP_NONNEGATIVE;
      instance (M, N, s, sg, seed, A, x0, y);
      for (int id = 0; id < 4; id++)
        {
          int L = depths[id];
          for (int ia = 0; ia < 3; ia++)
            {
              op_limit_params p = params (model, L, &alphas[ia], 0);
              snprintf (casename, sizeof casename,
                        "M %d N %d %s L %d alpha %g", (int) M, (int) N,
                        sg ? "signed" : "nonneg", L, alphas[ia]);
              int st = solve_and_check (A, M, N, y, x0, &p, x, mu);
              if (st != OP_LIMIT_CONVERGED)
                continue;

              /* L = 1: the point of A z = y nearest to x (0) (DESIGN.md
                 1.1, 1.3: theta = x (non-negative) or x / 2 (signed), so
                 x - x (0) lies in range (A')): x (0) = alpha (non-negative)
                 or 0 (signed, x = A' (A A')^-1 y).  The dual: mu = w
                 (non-negative), w / 2 (signed).  1e-12 relative (a
                 Newton step on a quadratic is exact up to rounding).  */
              if (L == 1)
                {
                  for (ptrdiff_t j = 0; j < N; j++)
                    xs[j] = sg ? 0.0 : alphas[ia];
                  min_distance (A, M, N, y, xs, xm, w);
                  double dx = 0, dm = 0;
                  for (ptrdiff_t j = 0; j < N; j++)
                    dx = fmax (dx, fabs (x[j] - xm[j]));
                  for (ptrdiff_t i = 0; i < M; i++)
                    dm = fmax (dm, fabs (mu[i] - (sg ? 0.5 : 1.0) * w[i]));
                  double xn = 0, wn = 0;
                  for (ptrdiff_t j = 0; j < N; j++)
                    xn = fmax (xn, fabs (xm[j]));
                  for (ptrdiff_t i = 0; i < M; i++)
                    wn = fmax (wn, fabs (w[i]));
                  CHECKV (dx <= 1e-12 * xn, dx, xn);
                  CHECKV (dm <= 1e-12 * wn, dm, wn);
                }

              /* reuse = 0 (always refactor) finds the same limit:
                 1e-9 relative (both solve to 1e-12 in the residual; x is
                 determined to about cond * tol).  */
              if (ia == 1)
                {
                  op_limit_params p0 = p;
                  p0.reuse = 0;
                  snprintf (casename + strlen (casename),
                            sizeof casename - strlen (casename), " reuse 0");
                  if (solve_and_check (A, M, N, y, NULL, &p0, x2, mu2)
                      == OP_LIMIT_CONVERGED)
                    {
                      double dx = 0, xn = 0;
                      for (ptrdiff_t j = 0; j < N; j++)
                        {
                          dx = fmax (dx, fabs (x[j] - x2[j]));
                          xn = fmax (xn, fabs (x[j]));
                        }
                      CHECKV (dx <= 1e-9 * xn, dx, xn);
                    }
                }
            }

          /* alpha per coordinate, log-spaced over 1e-3 .. 5e-4 (stride 1):
             the same checks, theta_0 per coordinate.  (Wider spreads:
             test_spread below.)  */
          for (ptrdiff_t j = 0; j < N; j++)
            av[j] = 1e-3 * pow (2.0, -(double) j / (N - 1));
          op_limit_params p = params (model, L, av, 1);
          snprintf (casename, sizeof casename,
                    "M %d N %d %s L %d alpha per coordinate", (int) M,
                    (int) N, sg ? "signed" : "nonneg", L);
          solve_and_check (A, M, N, y, NULL, &p, x, mu);
          /* ... and a constant vector gives the scalar result.  */
          for (ptrdiff_t j = 0; j < N; j++)
            av[j] = 1e-6;
          p = params (model, L, av, 1);
          op_limit_params q = params (model, L, &alphas[1], 0);
          double *work = malloc (sizeof (double) * op_limit_workspace (M, N));
          op_limit_info i1, i2;
          int s1 = op_limit_solve (A, M, N, y, &p, work, x, mu, &i1);
          int s2 = op_limit_solve (A, M, N, y, &q, work, x2, mu2, &i2);
          double dx = 0, xn = 0;
          for (ptrdiff_t j = 0; j < N; j++)
            {
              dx = fmax (dx, fabs (x[j] - x2[j]));
              xn = fmax (xn, fabs (x[j]));
            }
          CHECKV (s1 == s2 && dx <= 1e-14 * xn, dx, xn);
          free (work);
        }
    }
  free (A); free (x0); free (y); free (x); free (x2); free (mu); free (mu2);
  free (av); free (xs); free (xm); free (w);
}

/* Non-negative model, y outside A R+^N (A > 0 entrywise, y < 0): no
   admissible solution, OP_LIMIT_INFEASIBLE for L >= 2.  L = 1 has no
   constraint and converges.  */
static void
test_infeasible (void)
{
  enum { M = 8, N = 20 };
  double A[M * N], y[M], x[N], mu[M], *work;
  op_limit_info info;
  rstate = 77;
  for (int k = 0; k < M * N; k++)
    A[k] = 0.1 + fabs (gauss ());
  for (int i = 0; i < M; i++)
    y[i] = -(0.5 + unif ());
  work = malloc (sizeof (double) * op_limit_workspace (M, N));
  for (int id = 0; id < 4; id++)
    for (int ia = 0; ia < 3; ia++)
      {
        int L = depths[id];
        op_limit_params p = params (OP_NONNEGATIVE, L, &alphas[ia], 0);
        snprintf (casename, sizeof casename, "infeasible L %d alpha %g", L,
                  alphas[ia]);
        int st = op_limit_solve (A, M, N, y, &p, work, x, mu, &info);
        if (L == 1)
          CHECKV (st == OP_LIMIT_CONVERGED, st, OP_LIMIT_CONVERGED);
        else
          /* Every L >= 2, alpha down to 1e-12.  (L = 2, alpha <= 1e-6
             ran to maxiter before: the Newton direction's positive part
             max (A' d)_+ was 1e-9 of max |A' d|, above the 1e-13 the
             plain test allows; the quantified test <y, d> > Z (A' d)_+
             catches it.)  */
          CHECKV (st == OP_LIMIT_INFEASIBLE && info.status == st, st,
                  OP_LIMIT_INFEASIBLE);
      }
  free (work);
}

/* Never garbage: whatever the status, x is finite (or the error
   OP_LIMIT_ENONFINITE).  Reproducer: signed, L = 4, M = 8, N = 20, alpha
   per coordinate log-spaced 1e-6 ... 1e-2, reuse 0 -- the membership
   update moved coordinates whose t lay outside the domain of chi out of
   B and the solve copied the NaN entries out (all 40 instances here,
   s = 2 and 4, seeds 1-20, returned NaN before).  Every reuse mode (3:
   that of 2 in double), and the other depths 3, 5, 6 of both models on
   the same instances.  */
static void
test_finite (void)
{
  enum { M = 8, N = 20 };
  double A[M * N], x0[N], y[M], x[N], mu[M], al[N], *work;
  op_limit_info info;
  for (int j = 0; j < N; j++)
    al[j] = exp (log (1e-6) + (log (1e-2) - log (1e-6)) * j / (N - 1.0));
  work = malloc (sizeof (double) * op_limit_workspace (M, N));
  for (int L = 3; L <= 6; L++)
    for (int sgn = 0; sgn <= 1; sgn++)
      for (int reuse = 0; reuse <= 3; reuse++)
        {
          int bad = 0, badst = 0;
          for (int seed = 1; seed <= 20; seed++)
            for (int s = 2; s <= 4; s += 2)
              {
                instance (M, N, s, sgn, (uint64_t) seed, A, x0, y);
                op_limit_params p = params (sgn ? OP_SIGNED : OP_NONNEGATIVE,
                                            L, al, 1);
                p.reuse = reuse;
                for (int j = 0; j < N; j++)
                  x[j] = NAN;
                int st = op_limit_solve (A, M, N, y, &p, work, x, mu, &info);
                int fin = 1;
                for (int j = 0; j < N; j++)
                  fin &= isfinite (x[j]);
                bad += st != OP_LIMIT_ENONFINITE && ! fin;
                badst += st < OP_LIMIT_INFEASIBLE
                         && st != OP_LIMIT_ENONFINITE;
              }
          snprintf (casename, sizeof casename,
                    "finite x: %s L %d reuse %d, alpha 1e-6..1e-2",
                    sgn ? "signed" : "nonneg", L, reuse);
          CHECKV (bad == 0 && badst == 0, bad, badst);
        }
  free (work);
}

/* Bad arguments, and the iteration limit.  */
static void
test_args (void)
{
  enum { M = 8, N = 20 };
  double A[M * N], x0[N], y[M], x[N], mu[M], *work;
  double a = 1e-3, aneg = -1e-3, anan = NAN, ainf = INFINITY, av[N];
  op_limit_info info;
  instance (M, N, 2, 1, 5, A, x0, y);
  work = malloc (sizeof (double) * op_limit_workspace (M, N));
  snprintf (casename, sizeof casename, "arguments");
  op_limit_params p = params (OP_SIGNED, 3, &a, 0), q;

  CHECK (op_limit_solve (A, 0, N, y, &p, work, x, mu, &info) == OP_LIMIT_EARGS);
  CHECK (op_limit_solve (A, M, 0, y, &p, work, x, mu, &info) == OP_LIMIT_EARGS);
  CHECK (op_limit_solve (A, -1, N, y, &p, work, x, mu, &info) == OP_LIMIT_EARGS);
  q = p; q.potential.depth = 0;
  CHECK (op_limit_solve (A, M, N, y, &q, work, x, mu, &info) == OP_LIMIT_EARGS);
  q = p; q.potential.model = (op_model) 3;
  CHECK (op_limit_solve (A, M, N, y, &q, work, x, mu, &info) == OP_LIMIT_EARGS);
  q = p; q.potential.alpha = NULL;
  CHECK (op_limit_solve (A, M, N, y, &q, work, x, mu, &info) == OP_LIMIT_EARGS);
  q = p; q.potential.alpha = &aneg;
  CHECK (op_limit_solve (A, M, N, y, &q, work, x, mu, &info) == OP_LIMIT_EARGS);
  q = p; q.potential.alpha = &anan;
  CHECK (op_limit_solve (A, M, N, y, &q, work, x, mu, &info) == OP_LIMIT_EARGS);
  q = p; q.potential.alpha = &ainf;
  CHECK (op_limit_solve (A, M, N, y, &q, work, x, mu, &info) == OP_LIMIT_EARGS);
  for (int j = 0; j < N; j++)
    av[j] = 1e-3;
  av[N - 1] = 0;                       /* last entry of a vector alpha */
  q = p; q.potential.alpha = av; q.potential.alpha_stride = 1;
  CHECK (op_limit_solve (A, M, N, y, &q, work, x, mu, &info) == OP_LIMIT_EARGS);
  q = p; q.tol = -1;
  CHECK (op_limit_solve (A, M, N, y, &q, work, x, mu, &info) == OP_LIMIT_EARGS);
  q = p; q.tol = NAN;
  CHECK (op_limit_solve (A, M, N, y, &q, work, x, mu, &info) == OP_LIMIT_EARGS);
  q = p; q.maxiter = -1;
  CHECK (op_limit_solve (A, M, N, y, &q, work, x, mu, &info) == OP_LIMIT_EARGS);
  /* Sizes: workspace 0 when they overflow, and the solve refuses them
     before touching A or the workspace.  */
  CHECK (op_limit_workspace (M, N) > 0);
  CHECK (op_limit_workspace (0, N) == 0 && op_limit_workspace (M, 0) == 0);
  CHECK (op_limit_workspace (PTRDIFF_MAX / 4, 4) == 0);
  CHECK (op_limit_solve (A, (ptrdiff_t) 1 << 40, 1, y, &p, NULL, x, mu, &info)
         == OP_LIMIT_ETOOBIG);

  /* maxiter = 1 on a hard case stops with OP_LIMIT_MAXITER (x, mu are
     still returned, finite).  */
  {
    double tiny = 1e-12;
    q = params (OP_NONNEGATIVE, 6, &tiny, 0);
    instance (M, N, 2, 0, 5, A, x0, y);
    q.maxiter = 1;
    int st = op_limit_solve (A, M, N, y, &q, work, x, mu, &info);
    int fin = 1;
    for (int j = 0; j < N; j++)
      fin &= isfinite (x[j]);
    CHECKV (st == OP_LIMIT_MAXITER && info.iterations == 1 && fin, st,
            info.iterations);
  }
  /* y = 0 in the signed model: x (0) = 0 is the limit.  */
  {
    double y0[M] = { 0 };
    int st = op_limit_solve (A, M, N, y0, &p, work, x, mu, &info);
    int zero = 1;
    for (int j = 0; j < N; j++)
      zero &= x[j] == 0;
    for (int i = 0; i < M; i++)
      zero &= mu[i] == 0;
    CHECK (st == OP_LIMIT_CONVERGED && zero);
  }
  free (work);
}

/* The workspace holds nothing between solves: one filled with NaN (all
   bits set) gives bit for bit the x of one filled with zeros, for every
   reuse mode.  (The corrected steps once read the previous CG direction
   at the first iteration, scaled by 0: NaN there became a NaN step.)  */
static void
test_dirty_workspace (void)
{
  enum { M = 40, N = 100 };
  static double A[M * N], x0[N], y[M], x1[N], x2[N], mu[M];
  const size_t nw = op_limit_workspace (M, N);
  double *clean = calloc (nw, sizeof (double));
  double *dirty = malloc (nw * sizeof (double));
  op_limit_info i1, i2;
  for (int sg = 0; sg < 2; sg++)
    for (int reuse = 0; reuse <= 3; reuse++)
      {
        const double a = 1e-4;
        op_limit_params p = params (sg ? OP_SIGNED : OP_NONNEGATIVE, 3, &a, 0);
        p.reuse = reuse;
        instance (M, N, 4, sg, 11, A, x0, y);
        snprintf (casename, sizeof casename, "dirty workspace %s reuse %d",
                  sg ? "signed" : "nonneg", reuse);
        memset (clean, 0, nw * sizeof (double));
        memset (dirty, 0xff, nw * sizeof (double));
        int s1 = op_limit_solve (A, M, N, y, &p, clean, x1, mu, &i1);
        int s2 = op_limit_solve (A, M, N, y, &p, dirty, x2, mu, &i2);
        CHECKV (s1 == OP_LIMIT_CONVERGED && s2 == s1
                && memcmp (x1, x2, sizeof x1) == 0
                && i1.iterations == i2.iterations, s1, s2);
      }
  free (clean);
  free (dirty);
}

int
main (void)
{
  test_spread ();
  test_instances (8, 20, 2, 1);
  test_instances (40, 100, 4, 2);
  test_infeasible ();
  test_finite ();
  test_args ();
  test_dirty_workspace ();
  printf ("%d passed, %d failed\n", npass, nfail);
  return nfail != 0;
}
