/* overparam: C unit tests of the mirror-flow potentials (src/core/potential.c,
   DESIGN.md 1.2), built with AddressSanitizer and UBSan by tests/c/Makefile
   and run by make check.  Prints each failure and, last,
   "N passed, N failed".
   Copyright (C) 2026 The overparam developers.  GPL-3.0-or-later.

   References are computed independently in long double (x86-64: 64-bit
   mantissa, eps 1.1e-19) from the formulas of DESIGN.md 1.2, the signed
   L >= 3 inverse by bisection; a reference is used only where its own
   estimated rounding error is far below the tolerance.  */

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "potential.h"

#include "check.h"

/* The same, but prints the case and the two numbers compared (aggregated
   checks: one CHECK per case, the worst entry reported).  */
#define CHECKV(cond, what, a, b)                                        \
  do                                                                    \
    {                                                                   \
      if (cond)                                                         \
        npass++;                                                        \
      else                                                              \
        {                                                               \
          nfail++;                                                      \
          printf ("FAIL %s:%d: %s [%s, L = %d, %s]: %.17g vs %.17g\n",   \
                  __FILE__, __LINE__, #cond, mname (model), L, what,    \
                  (double) (a), (double) (b));                          \
        }                                                               \
    }                                                                   \
  while (0)

/* Deterministic pseudo-random numbers in (-1, 1).  */
static double
rnd (unsigned *s)
{
  *s = *s * 1103515245u + 12345u;
  return ((*s >> 8) & 0xffff) / 32768.0 - 1.0;
}

static const char *
mname (op_model m)
{
  return m == OP_SIGNED ? "signed" : "nonneg";
}

static const int depths[] = { 1, 2, 3, 5, 10 };
#define NDEPTH 5
static const double alphas[] = { 1.0, 1e-2, 1e-6, 1e-12 };
#define NALPHA 4
#define EPS DBL_EPSILON

/* Per-entry alpha of a case: alpha scalar (ia >= 0) or cycling through
   alphas[] (ia < 0, tested with alpha_stride 1).  */
typedef struct
{
  op_potential p;
  double avec[512];
  const char *desc;
  char buf[64];
} pcase;

static void
make_case (pcase *c, op_model model, int L, int ia, ptrdiff_t n)
{
  c->p.model = model;
  c->p.depth = L;
  if (ia >= 0)
    {
      c->avec[0] = alphas[ia];
      c->p.alpha = c->avec;
      c->p.alpha_stride = 0;
      snprintf (c->buf, sizeof c->buf, "alpha %g", alphas[ia]);
    }
  else
    {
      for (ptrdiff_t i = 0; i < n && i < 512; i++)
        c->avec[i] = alphas[i % NALPHA];
      c->p.alpha = c->avec;
      c->p.alpha_stride = 1;
      snprintf (c->buf, sizeof c->buf, "alpha per coordinate");
    }
  c->desc = c->buf;
}

static double
alpha_at (const pcase *c, ptrdiff_t i)
{
  return c->avec[i * c->p.alpha_stride];
}

/* ------------------------------------------------------------------ */
/* Long double references.                                              */

/* 10 ulp of the long double arithmetic actually in effect: valgrind
   emulates x87 long double with 64-bit doubles, so the references'
   error estimates (and which references are usable) follow what a probe
   finds at run time.  */
static long double ld_err = 1e-18L;

static void
probe_long_double (void)
{
  volatile long double one = 1.0L, e = LDBL_EPSILON;
  ld_err = 10.0L * (one + e != one ? LDBL_EPSILON : DBL_EPSILON);
}

/* Signed L >= 3: tau of x (x = alpha^L h (tau), h (tau) = (1 - tau)^-p
   - (1 + tau)^-p, odd and increasing) and q = 1 - |tau|, each to full
   long double accuracy: by 400 bisections in tau on [0, 1/2] (h written
   without cancellation) or in log q beyond.  */
static void
ref_tau (int L, long double alpha, long double x, long double *tau,
         long double *q)
{
  long double p = (long double) L / (L - 2);
  long double lxi = logl (fabsl (x)) - L * logl (alpha);
  long double sg = x < 0 ? -1.0L : 1.0L;
  long double th = expm1l (p * (log1pl (0.5L) - log1pl (-0.5L)))
                   * powl (1.5L, -p);        /* h (1/2) */
  if (x == 0)
    {
      *tau = 0;
      *q = 1;
      return;
    }
  if (lxi <= logl (th))
    {
      long double lo = 0, hi = 0.5L;
      for (int it = 0; it < 400; it++)
        {
          long double t = 0.5L * (lo + hi);
          long double h = powl (1.0L + t, -p)
                          * expm1l (p * (log1pl (t) - log1pl (-t)));
          if (logl (h) < lxi)
            lo = t;
          else
            hi = t;
        }
      *tau = sg * 0.5L * (lo + hi);
      *q = 1.0L - 0.5L * (lo + hi);
      return;
    }
  {
    long double lo = -20000.0L, hi = logl (0.5L);     /* log q */
    for (int it = 0; it < 400; it++)
      {
        long double mid = 0.5L * (lo + hi), qq = expl (mid);
        /* log (q^-p - (2-q)^-p) = -p log q + log1p (-(q/(2-q))^p) */
        long double g = -p * mid + log1pl (-powl (qq / (2.0L - qq), p)) - lxi;
        if (g > 0)
          lo = mid;
        else
          hi = mid;
      }
    *q = expl (0.5L * (lo + hi));
    *tau = sg * (1.0L - *q);
  }
}

/* D_F (z, x) for one coordinate, and *err an estimate of the reference's
   own rounding error (ld_err of the magnitudes of the terms summed: a
   generous 10 ulp of long double).  Entries in the domain, z != x.  */
static long double
ref_breg (op_model model, int L, long double alpha, long double z,
          long double x, long double *err)
{
  long double k = L - 2.0L;
  if (L == 1)
    {
      long double d = z - x;
      *err = ld_err * d * d;
      return (model == OP_SIGNED ? 0.25L : 0.5L) * d * d;
    }
  if (model == OP_NONNEGATIVE && L == 2)
    {
      long double a = z == 0 ? 0.0L : z * logl (z / x);
      *err = ld_err * (fabsl (a) + z + x);
      return 0.5L * (a - z + x);
    }
  if (model == OP_NONNEGATIVE)
    {
      /* DESIGN.md 1.2: (1/(L-2)) [z x^((2-L)/L) - (L/2) z^(2/L)
         + ((L-2)/2) x^(2/L)] */
      long double t1 = z == 0 ? 0.0L : z * powl (x, -k / L);
      long double t2 = 0.5L * L * powl (z, 2.0L / L);
      long double t3 = 0.5L * k * powl (x, 2.0L / L);
      *err = ld_err * (t1 + t2 + t3) / k;
      return (t1 - t2 + t3) / k;
    }
  if (L == 2)
    {
      /* theta = asinh (x / beta) / 2, Phi (theta) = hypot (x, beta) / 2 */
      long double beta = 2.0L * alpha * alpha;
      long double az = asinhl (z / beta), ax = asinhl (x / beta);
      long double hz = sqrtl (z * z + beta * beta);
      long double hx = sqrtl (x * x + beta * beta);
      *err = ld_err * (fabsl (z) * (fabsl (az) + fabsl (ax)) + hz + hx);
      return 0.5L * (z * (az - ax) - hz + hx);
    }
  {
    /* theta = (a/k) tau, Phi = alpha^2 (s^(-2/k) + t^(-2/k)) / 2;
       tau_z - tau_x from tau (small |tau|) or from q (near the rim).  */
    long double a = powl (alpha, -k), tz, qz, tx, qx, dtau;
    ref_tau (L, alpha, z, &tz, &qz);
    ref_tau (L, alpha, x, &tx, &qx);
    if (qz >= 0.5L && qx >= 0.5L)
      dtau = tz - tx;
    else if ((z < 0) == (x < 0))
      dtau = (z < 0 ? -1.0L : 1.0L) * (qx - qz);
    else
      dtau = (z < 0 ? -1.0L : 1.0L) * (2.0L - qz - qx);
    long double e = -2.0L / k;
    long double pz = 0.5L * alpha * alpha * (powl (qz, e) + powl (2.0L - qz, e));
    long double px = 0.5L * alpha * alpha * (powl (qx, e) + powl (2.0L - qx, e));
    long double t1 = z * (a / k) * dtau;
    *err = ld_err * (fabsl (z) * (a / k) * (fminl (fabsl (tz), qz)
                                            + fminl (fabsl (tx), qx))
                     + fabsl (t1) + pz + px);
    return t1 - pz + px;
  }
}

/* ------------------------------------------------------------------ */
/* Round trip psi (grad F (x)) = x.                                     */

static void
test_roundtrip (op_model model, int L, int ia)
{
  enum { NE = 61 };
  double x[4 * NE + 2], th[4 * NE + 2], xb[4 * NE + 2];
  ptrdiff_t n = 0;
  pcase c;
  int nonneg_dom = model == OP_NONNEGATIVE && L >= 2;
  /* 10^e, e = -30..30, times a factor in (1, 2); negatives where admitted;
     0.  */
  unsigned s = 11u + (unsigned) L;
  for (int e = -30; e <= 30; e++)
    {
      double v = pow (10.0, e) * (1.5 + 0.49 * rnd (&s));
      x[n++] = v;
      if (! nonneg_dom)
        x[n++] = -v;
    }
  x[n++] = 0.0;
  make_case (&c, model, L, ia, n);
  int st = op_potential_grad (&c.p, n, x, th);
  CHECKV (st == OP_POT_OK, c.desc, st, 0);
  st = op_potential_psi (&c.p, n, th, xb, NULL);
  CHECKV (st == OP_POT_OK, c.desc, st, 0);

  /* Tolerances: 1e-12 relative wherever the round trip is well
     conditioned: x = psi (theta) amplifies a relative error e of theta by
     |theta psi' / psi|, at most ~ |log x| <= 70 for L = 2 (70 eps = 1.6e-14)
     and ~ p for the powers; signed L >= 3 is documented to carry x only to
     about p eps |x / alpha^L|^(1/p) (theta near the rim): there the test
     asks for 100 times that bound while it is below 1e-3, and beyond it
     only for a finite x of the right sign (psi (grad F (x)) never fails). */
  double worst = 0, wx = 0, worst_ill = 0, wxi = 0;
  int ok_ill = 1, zero_ok = 1;
  for (ptrdiff_t i = 0; i < n; i++)
    {
      if (x[i] == 0.0)
        {
          /* grad F (0) = -Inf in the non-negative model (L >= 2), psi
             (-Inf) = 0; elsewhere 0 maps to 0 exactly.  */
          zero_ok &= xb[i] == 0.0
                     && (nonneg_dom ? th[i] == -INFINITY : th[i] == 0.0);
          continue;
        }
      double rel = fabs (xb[i] - x[i]) / fabs (x[i]);
      double bound = 0.0;
      if (model == OP_SIGNED && L >= 3)
        {
          double p = L / (L - 2.0), a = alpha_at (&c, i);
          double r = exp ((log (fabs (x[i])) - L * log (a)) / p);
          bound = p * EPS * fmax (1.0, r);
        }
      if (bound <= 1e-14)
        {
          if (! (rel <= worst))
            worst = rel, wx = x[i];
        }
      else if (bound <= 1e-3)
        {
          if (! (rel <= 100.0 * bound))
            ok_ill = 0, worst_ill = rel, wxi = x[i];
        }
      else
        ok_ill &= isfinite (xb[i]) && xb[i] * x[i] > 0.0;
    }
  CHECKV (worst <= 1e-12, c.desc, wx, worst);
  CHECKV (ok_ill, c.desc, wxi, worst_ill);
  CHECKV (zero_ok, c.desc, 0, 0);
}

/* ------------------------------------------------------------------ */
/* psi' and Phi' = psi against central differences.                     */

/* Points theta in the domain: grad F of x = c alpha^L (signed, L >= 2)
   or c (elsewhere), c in a spread of magnitudes, both signs where
   admitted.  */
static ptrdiff_t
sample_points (op_model model, int L, const pcase *c, double *x)
{
  static const double mags[] = { 1e-6, 1e-2, 0.37, 1.0, 7.0, 1e3, 1e6 };
  ptrdiff_t n = 0;
  for (int j = 0; j < 7; j++)
    for (int sg = 1; sg >= -1; sg -= 2)
      {
        if (sg < 0 && model == OP_NONNEGATIVE && L >= 2)
          continue;
        double a = alpha_at (c, n);
        double scale = (model == OP_SIGNED && L >= 2) ? pow (a, L) : 1.0;
        x[n] = sg * mags[j] * scale;
        n++;
      }
  return n;
}

static void
test_derivatives (op_model model, int L, int ia)
{
  double x[16], th[16], xv[16], dp[16], tp[16], tm[16], xp[16], xm[16];
  double fp[16], fm[16];
  ptrdiff_t n;
  pcase c;
  make_case (&c, model, L, ia, 16);
  n = sample_points (model, L, &c, x);
  CHECKV (op_potential_grad (&c.p, n, x, th) == OP_POT_OK, c.desc, 0, 0);
  CHECKV (op_potential_psi (&c.p, n, th, xv, dp) == OP_POT_OK, c.desc, 0, 0);
  /* Step h = 1e-4 delta, delta = |psi / psi'| the theta-distance over
     which x changes by a factor e (always inside the domain: for
     non-negative L >= 3 delta = k |theta| / L < |theta|, for signed
     L >= 3 delta = a s / L < the distance a s / k to the rim).  h is made
     exactly representable as (theta + h) - theta.  */
  double h[16];
  for (ptrdiff_t i = 0; i < n; i++)
    {
      double delta = fabs (xv[i] / dp[i]);
      volatile double t1 = th[i] + 1e-4 * delta;
      h[i] = t1 - th[i];
      tp[i] = th[i] + h[i];
      tm[i] = th[i] - h[i];
    }
  CHECKV (op_potential_psi (&c.p, n, tp, xp, NULL) == OP_POT_OK, c.desc, 0, 0);
  CHECKV (op_potential_psi (&c.p, n, tm, xm, NULL) == OP_POT_OK, c.desc, 0, 0);
  CHECKV (op_potential_conj (&c.p, n, tp, fp) == OP_POT_OK, c.desc, 0, 0);
  CHECKV (op_potential_conj (&c.p, n, tm, fm) == OP_POT_OK, c.desc, 0, 0);
  /* Central differences err by h^2 psi''' / 6 ~ 1e-8 psi' |delta^2 psi'''
     / psi'| / 6 (a few units for these potentials) plus rounding, ~ 10 eps
     |f| / h; tolerance 1e-7 relative plus 100 eps |f| / h.  A wrong
     factor (2, p, alpha^2, ...) fails by orders of magnitude.  */
  int ok1 = 1, ok2 = 1;
  double w1a = 0, w1b = 0, w2a = 0, w2b = 0;
  for (ptrdiff_t i = 0; i < n; i++)
    {
      double d1 = (xp[i] - xm[i]) / (2.0 * h[i]);
      double tol1 = 1e-7 * fabs (dp[i])
                    + 100.0 * EPS * fmax (fabs (xp[i]), fabs (xm[i])) / h[i];
      if (! (fabs (d1 - dp[i]) <= tol1))
        ok1 = 0, w1a = d1, w1b = dp[i];
      double d2 = (fp[i] - fm[i]) / (2.0 * h[i]);
      double tol2 = 1e-7 * fabs (xv[i])
                    + 100.0 * EPS * fmax (fabs (fp[i]), fabs (fm[i])) / h[i];
      if (! (fabs (d2 - xv[i]) <= tol2))
        ok2 = 0, w2a = d2, w2b = xv[i];
    }
  CHECKV (ok1, c.desc, w1a, w1b);
  CHECKV (ok2, c.desc, w2a, w2b);
  /* psi' > 0 (psi increasing) */
  int pos = 1;
  for (ptrdiff_t i = 0; i < n; i++)
    pos &= dp[i] > 0.0;
  CHECKV (pos, c.desc, 0, 0);
}

/* ------------------------------------------------------------------ */
/* Bregman divergence.                                                  */

static void
test_bregman (op_model model, int L, int ia)
{
  enum { NP = 400 };
  double z[NP], x[NP], terms[NP], d;
  long double ref[NP], err[NP];
  int use[NP];
  pcase c;
  unsigned s = 100u + 7u * (unsigned) L + (unsigned) ia;
  int nonneg_dom = model == OP_NONNEGATIVE && L >= 2;
  make_case (&c, model, L, ia, NP);
  /* Pairs: magnitudes 10^e, e uniform in [-12, 12] (times alpha^L for
     signed L >= 2, e in [-6, 12]), random signs where admitted; every
     fourth pair near (z = x (1 + 1e-3 r)), so that both the closed forms
     and the quadrature branch are exercised.  */
  for (int i = 0; i < NP; i++)
    {
      double a = alpha_at (&c, i);
      double sc = (model == OP_SIGNED && L >= 2) ? pow (a, L) : 1.0;
      double lo = (model == OP_SIGNED && L >= 2) ? -6.0 : -12.0;
      double ex = lo + (12.0 - lo) * 0.5 * (1.0 + rnd (&s));
      double ez = lo + (12.0 - lo) * 0.5 * (1.0 + rnd (&s));
      x[i] = sc * pow (10.0, ex);
      z[i] = (i % 4 == 0) ? x[i] * (1.0 + 1e-3 * rnd (&s))
                          : sc * pow (10.0, ez);
      if (! nonneg_dom)
        {
          if (rnd (&s) < 0)
            x[i] = -x[i];
          if (i % 4 != 0 && rnd (&s) < 0)
            z[i] = -z[i];
        }
    }
  int st = op_bregman (&c.p, NP, z, x, &d, terms);
  CHECKV (st == OP_POT_OK, c.desc, st, 0);
  /* D >= 0 term by term; the sum is the sum of the terms (to rounding).  */
  int nonneg = 1;
  double sum = 0, asum = 0;
  for (int i = 0; i < NP; i++)
    {
      nonneg &= terms[i] >= 0.0 && isfinite (terms[i]);
      sum += terms[i];
      asum += fabs (terms[i]);
    }
  CHECKV (nonneg, c.desc, 0, 0);
  CHECKV (fabs (d - sum) <= 1e-15 * asum, c.desc, d, sum);

  /* Against the long double references: 1e-12 relative (potential.h
     promises about 1e-13, measured 7e-14), wherever the reference's own
     error estimate is below 1e-14 relative (others are skipped; at least
     half must be usable).  */
  int nuse = 0, ok = 1;
  double wa = 0, wb = 0;
  for (int i = 0; i < NP; i++)
    {
      ref[i] = ref_breg (model, L, alpha_at (&c, i), z[i], x[i], &err[i]);
      use[i] = err[i] <= 1e-14L * ref[i] && ref[i] > 0;
      if (! use[i])
        continue;
      nuse++;
      if (! (fabsl (terms[i] - ref[i]) <= 1e-12L * ref[i]))
        ok = 0, wa = terms[i], wb = (double) ref[i];
    }
  CHECKV (ok, c.desc, wa, wb);
  /* With extended long double (not under valgrind) most are usable.  */
  CHECKV (nuse >= NP / 2 || ld_err > 1e-17L, c.desc, nuse, NP);

  /* Near pairs against the second derivative, independently of the
     closed forms: (D (x + d, x) + D (x - d, x)) / d^2 = F'' (x) (1 +
     O((d/x)^2)), F'' = 1 / psi' (grad F (x)), d = 1e-5 |x|: tolerance
     1e-8 relative (O(1e-10) times derivative ratios of a few units).  For
     signed L >= 3 only |x| <= 1e3 alpha^L, where grad F (x) is accurate.  */
  {
    double xs[8], zp[8], zm[8], th[8], dp[8], xv[8], tp[8], tm[8];
    static const double mags[] = { 1e-3, 0.2, 1.0, 3.0, 40.0, 1e3, 0.01, 5e2 };
    pcase c8;
    make_case (&c8, model, L, ia, 8);
    for (int i = 0; i < 8; i++)
      {
        double a = alpha_at (&c8, i);
        double sc = (model == OP_SIGNED && L >= 2) ? pow (a, L) : 1.0;
        xs[i] = mags[i] * sc * ((i & 1) && ! nonneg_dom ? -1 : 1);
        zp[i] = xs[i] + 1e-5 * fabs (xs[i]);
        zm[i] = xs[i] - 1e-5 * fabs (xs[i]);
      }
    int okg = op_potential_grad (&c8.p, 8, xs, th) == OP_POT_OK
              && op_potential_psi (&c8.p, 8, th, xv, dp) == OP_POT_OK
              && op_bregman (&c8.p, 8, zp, xs, NULL, tp) == OP_POT_OK
              && op_bregman (&c8.p, 8, zm, xs, NULL, tm) == OP_POT_OK;
    CHECKV (okg, c8.desc, 0, 0);
    int okn = 1;
    double na = 0, nb = 0;
    for (int i = 0; i < 8 && okg; i++)
      {
        double dd = zp[i] - xs[i], de = xs[i] - zm[i];
        /* D(x+dd) + D(x-de) with dd ~ de: divide by the mean square.  */
        double q = (tp[i] + tm[i]) / (0.5 * (dd * dd + de * de));
        double f2 = 1.0 / dp[i];
        if (! (fabs (q - f2) <= 1e-8 * f2))
          okn = 0, na = q, nb = f2;
      }
    CHECKV (okn, c8.desc, na, nb);
  }

  /* D_F (x, x) = 0 exactly, for every x of the sample.  */
  st = op_bregman (&c.p, NP, x, x, &d, terms);
  int zero = st == OP_POT_OK && d == 0.0;
  for (int i = 0; i < NP; i++)
    zero &= terms[i] == 0.0;
  CHECKV (zero, c.desc, d, 0);
}

/* z_i = 0 in the non-negative model: the limits of DESIGN.md 1.2,
   D = x / 2 (L = 2), x^(2/L) / 2 (L >= 3); D (0, 0) = 0; and D (z, 0) for
   z > 0 is +Inf (theta_x = -Inf: no finite value exists).  */
static void
test_zero_entries (void)
{
  op_model model = OP_NONNEGATIVE;
  for (int id = 1; id < NDEPTH; id++)
    {
      int L = depths[id];
      op_potential p = { OP_NONNEGATIVE, L, NULL, 0 };
      double z[4] = { 0.0, 0.0, 0.0, 0.0 }, x[4] = { 1e-20, 0.3, 5.0, 1e20 };
      double t[4], d;
      CHECK (op_bregman (&p, 4, z, x, &d, t) == OP_POT_OK);
      int ok = 1;
      for (int i = 0; i < 4; i++)
        {
          double e = L == 2 ? 0.5 * x[i] : 0.5 * pow (x[i], 2.0 / L);
          ok &= isfinite (t[i]) && fabs (t[i] - e) <= 1e-14 * e;
        }
      CHECKV (ok && isfinite (d), "z = 0", d, 0);
      double z2 = 0.0, x2 = 0.0, z3 = 1.0, x3 = 0.0;
      CHECKV (op_bregman (&p, 1, &z2, &x2, &d, NULL) == OP_POT_OK && d == 0.0,
              "D (0, 0)", d, 0);
      CHECKV (op_bregman (&p, 1, &z3, &x3, &d, NULL) == OP_POT_OK
              && d == INFINITY, "D (1, 0)", d, INFINITY);
    }
}

/* ------------------------------------------------------------------ */
/* theta_0 = grad F (alpha^L) (non-negative), 0 (signed).              */

static void
test_init (op_model model, int L, int ia)
{
  double th0[8], g[8], xa[8];
  pcase c;
  make_case (&c, model, L, ia, 8);
  CHECKV (op_potential_init (&c.p, 8, th0) == OP_POT_OK, c.desc, 0, 0);
  if (model == OP_SIGNED)
    {
      int z = 1;
      for (int i = 0; i < 8; i++)
        z &= th0[i] == 0.0;
      CHECKV (z, c.desc, th0[0], 0);
      return;
    }
  /* Against grad F (alpha^L) from op_potential_grad (all alpha^L here are
     representable: 1e-120 at the smallest), and against the formula in
     long double: theta_0 = alpha (L = 1), log alpha (L = 2),
     -alpha^(2-L)/(L-2).  1e-14 relative (a few ulp of pow/log).  */
  for (int i = 0; i < 8; i++)
    xa[i] = pow (alpha_at (&c, i), L);
  CHECKV (op_potential_grad (&c.p, 8, xa, g) == OP_POT_OK, c.desc, 0, 0);
  int ok = 1;
  double wa = 0, wb = 0;
  for (int i = 0; i < 8; i++)
    {
      long double a = alpha_at (&c, i), r;
      if (L == 1)
        r = a;
      else if (L == 2)
        r = logl (a);
      else
        r = -powl (a, 2.0L - L) / (L - 2.0L);
      double tol = 1e-14 * fabs (th0[i]) + (L == 2 ? 1e-15 : 0.0);
      /* grad F evaluates x^(-(L-2)/L) with the exponent rounded to double:
         a relative error up to eps |log x| (1.2e-14 = 56 ulp at x = 1e-120,
         L = 10), hence the extra 2 eps |L log alpha| for g; theta_0 itself
         (integer power of alpha) must be accurate to 1e-14.  */
      double tolg = tol + 2.0 * EPS * fabs (L * log ((double) a)) * fabs (th0[i]);
      if (! (fabs (th0[i] - g[i]) <= tolg && fabsl (th0[i] - r) <= tol))
        ok = 0, wa = th0[i], wb = g[i];
    }
  CHECKV (ok, c.desc, wa, wb);
}

/* theta_0 where alpha^L underflows but theta_0 does not (alpha = 1e-35,
   L = 10: alpha^L = 1e-350, theta_0 = -1e280 / 8; L = 2, alpha = 1e-200).  */
static void
test_init_underflow (void)
{
  op_model model = OP_NONNEGATIVE;
  int L = 10;
  double a = 1e-35, th;
  op_potential p = { OP_NONNEGATIVE, 10, &a, 0 };
  CHECKV (op_potential_init (&p, 1, &th) == OP_POT_OK
          && fabs (th + 1e280 / 8) <= 1e-13 * 1e280 / 8, "1e-35", th,
          -1e280 / 8);
  L = 2;
  a = 1e-200;
  p.depth = 2;
  CHECKV (op_potential_init (&p, 1, &th) == OP_POT_OK
          && fabs (th - log (1e-200)) <= 1e-15 * fabs (th), "1e-200", th,
          log (1e-200));
}

/* ------------------------------------------------------------------ */
/* Error codes (as potential.c returns them).                           */

static void
test_errors (void)
{
  double a1 = 0.1, abad = -1.0, anan = NAN, th, x, d;
  double av[3] = { 0.1, 0.2, 0.0 };   /* third entry invalid */
  double xs3[3] = { 0.1, 0.2, 0.3 }, out3[3];
  op_potential p;

  /* depth 0, bad model, NULL potential, n < 0 */
  p = (op_potential) { OP_NONNEGATIVE, 0, &a1, 0 };
  x = 1.0;
  CHECK (op_potential_grad (&p, 1, &x, &th) == OP_POT_ARGS);
  CHECK (op_potential_psi (&p, 1, &x, &th, NULL) == OP_POT_ARGS);
  CHECK (op_potential_conj (&p, 1, &x, &th) == OP_POT_ARGS);
  CHECK (op_potential_init (&p, 1, &th) == OP_POT_ARGS);
  CHECK (op_bregman (&p, 1, &x, &x, &d, NULL) == OP_POT_ARGS);
  p.depth = -3;
  CHECK (op_potential_grad (&p, 1, &x, &th) == OP_POT_ARGS);
  p = (op_potential) { (op_model) 7, 2, &a1, 0 };
  CHECK (op_potential_grad (&p, 1, &x, &th) == OP_POT_ARGS);
  CHECK (op_potential_init (&p, 1, &th) == OP_POT_ARGS);
  CHECK (op_potential_grad (NULL, 1, &x, &th) == OP_POT_ARGS);
  CHECK (op_potential_init (NULL, 1, &th) == OP_POT_ARGS);
  CHECK (op_bregman (NULL, 1, &x, &x, &d, NULL) == OP_POT_ARGS);
  p = (op_potential) { OP_SIGNED, 3, &a1, 0 };
  CHECK (op_potential_grad (&p, -1, &x, &th) == OP_POT_ARGS);
  /* n = 0: nothing to do; op_bregman gives D = 0.  */
  d = 5.0;
  CHECK (op_potential_grad (&p, 0, NULL, NULL) == OP_POT_OK);
  CHECK (op_bregman (&p, 0, NULL, NULL, &d, NULL) == OP_POT_OK && d == 0.0);

  /* alpha: NULL where it is needed (signed L >= 2; non-negative init),
     and not needed (non-negative grad, psi, Phi, D; signed L = 1).  */
  p = (op_potential) { OP_SIGNED, 2, NULL, 0 };
  CHECK (op_potential_grad (&p, 1, &x, &th) == OP_POT_ARGS);
  CHECK (op_bregman (&p, 1, &x, &x, &d, NULL) == OP_POT_ARGS);
  p = (op_potential) { OP_NONNEGATIVE, 3, NULL, 0 };
  CHECK (op_potential_init (&p, 1, &th) == OP_POT_ARGS);
  CHECK (op_potential_grad (&p, 1, &x, &th) == OP_POT_OK);
  p = (op_potential) { OP_SIGNED, 1, NULL, 0 };
  CHECK (op_potential_grad (&p, 1, &x, &th) == OP_POT_OK && th == 0.5);
  CHECK (op_potential_init (&p, 1, &th) == OP_POT_OK && th == 0.0);

  /* alpha <= 0, NaN; a bad entry of a per-coordinate alpha.  */
  p = (op_potential) { OP_SIGNED, 3, &abad, 0 };
  CHECK (op_potential_grad (&p, 1, &x, &th) == OP_POT_ARGS);
  p.alpha = &anan;
  CHECK (op_potential_psi (&p, 1, &x, &th, NULL) == OP_POT_ARGS);
  p = (op_potential) { OP_NONNEGATIVE, 2, &abad, 0 };
  CHECK (op_potential_init (&p, 1, &th) == OP_POT_ARGS);
  p = (op_potential) { OP_SIGNED, 2, av, 1 };
  CHECK (op_potential_grad (&p, 3, xs3, out3) == OP_POT_ARGS);
  CHECK (op_potential_grad (&p, 2, xs3, out3) == OP_POT_OK);
  p.model = OP_NONNEGATIVE;
  CHECK (op_potential_init (&p, 3, out3) == OP_POT_ARGS);

  /* Domains.  Non-negative L >= 2: x < 0 refused (grad, D); L = 1 has no
     constraint.  NaN and Inf refused everywhere.  */
  for (int L = 1; L <= 5; L++)
    {
      double xn = -0.5, xi = INFINITY, xq = NAN, one = 1.0;
      p = (op_potential) { OP_NONNEGATIVE, L, &a1, 0 };
      CHECK (op_potential_grad (&p, 1, &xn, &th)
             == (L >= 2 ? OP_POT_DOMAIN : OP_POT_OK));
      CHECK (op_bregman (&p, 1, &xn, &one, &d, NULL)
             == (L >= 2 ? OP_POT_DOMAIN : OP_POT_OK));
      CHECK (op_bregman (&p, 1, &one, &xn, &d, NULL)
             == (L >= 2 ? OP_POT_DOMAIN : OP_POT_OK));
      CHECK (op_potential_grad (&p, 1, &xi, &th) == OP_POT_DOMAIN);
      CHECK (op_potential_grad (&p, 1, &xq, &th) == OP_POT_DOMAIN);
      CHECK (op_potential_psi (&p, 1, &xq, &th, NULL) == OP_POT_DOMAIN);
      CHECK (op_potential_psi (&p, 1, &xi, &th, NULL) == OP_POT_DOMAIN);
      CHECK (op_potential_conj (&p, 1, &xq, &th) == OP_POT_DOMAIN);
      CHECK (op_bregman (&p, 1, &xi, &one, &d, NULL) == OP_POT_DOMAIN);
      p.model = OP_SIGNED;
      CHECK (op_potential_grad (&p, 1, &xn, &th) == OP_POT_OK);
      CHECK (op_potential_grad (&p, 1, &xq, &th) == OP_POT_DOMAIN);
      double mi = -INFINITY;
      CHECK (op_potential_psi (&p, 1, &mi, &th, NULL) == OP_POT_DOMAIN);
      CHECK (op_bregman (&p, 1, &one, &xq, &d, NULL) == OP_POT_DOMAIN);
    }
  /* An error makes *d NaN; an error at entry 2 of 3 is reported.  */
  {
    double z3[3] = { 1.0, -1.0, 2.0 }, x3[3] = { 1.0, 1.0, 1.0 };
    p = (op_potential) { OP_NONNEGATIVE, 2, NULL, 0 };
    d = 0.0;
    CHECK (op_bregman (&p, 3, z3, x3, &d, NULL) == OP_POT_DOMAIN && isnan (d));
    double xg[3] = { 1.0, 2.0, -3.0 };
    CHECK (op_potential_grad (&p, 3, xg, out3) == OP_POT_DOMAIN);
  }
  /* theta domains: non-negative L >= 3 needs theta < 0 (theta = -Inf
     gives x = 0); L = 2 any theta, -Inf gives 0; signed L >= 3 needs
     |theta| < alpha^(2-L) / (L-2).  */
  {
    double t0 = 0.0, tp = 1e-300, tmi = -INFINITY, xo, dpo, ph;
    p = (op_potential) { OP_NONNEGATIVE, 3, NULL, 0 };
    CHECK (op_potential_psi (&p, 1, &t0, &xo, NULL) == OP_POT_DOMAIN);
    CHECK (op_potential_psi (&p, 1, &tp, &xo, NULL) == OP_POT_DOMAIN);
    CHECK (op_potential_conj (&p, 1, &t0, &ph) == OP_POT_DOMAIN);
    CHECK (op_potential_psi (&p, 1, &tmi, &xo, &dpo) == OP_POT_OK
           && xo == 0.0 && dpo == 0.0);
    CHECK (op_potential_conj (&p, 1, &tmi, &ph) == OP_POT_OK && ph == 0.0);
    p.depth = 2;
    CHECK (op_potential_psi (&p, 1, &tp, &xo, NULL) == OP_POT_OK
           && xo == 1.0);
    CHECK (op_potential_psi (&p, 1, &tmi, &xo, NULL) == OP_POT_OK
           && xo == 0.0);
    /* signed L = 3, alpha = 0.1: rim at alpha^-1 = 10.  */
    double rim = 10.0, in = nextafter (10.0, 0.0), rimn = -10.0, big = 11.0;
    p = (op_potential) { OP_SIGNED, 3, &a1, 0 };
    CHECK (op_potential_psi (&p, 1, &rim, &xo, NULL) == OP_POT_DOMAIN);
    CHECK (op_potential_psi (&p, 1, &rimn, &xo, NULL) == OP_POT_DOMAIN);
    CHECK (op_potential_psi (&p, 1, &big, &xo, NULL) == OP_POT_DOMAIN);
    CHECK (op_potential_conj (&p, 1, &rim, &ph) == OP_POT_DOMAIN);
    CHECK (op_potential_psi (&p, 1, &in, &xo, NULL) == OP_POT_OK
           && isfinite (xo) && xo > 1e10);
  }
}

/* A huge x in the signed model with L >= 3 and small alpha: grad F stays
   inside the rim, psi accepts it, and D_F (which works from x directly)
   keeps full accuracy against the reference.  */
static void
test_signed_far (void)
{
  op_model model = OP_SIGNED;
  int L = 10;
  double a = 1e-12, x = 1e30, z = 3e29, th, xb, d;
  op_potential p = { OP_SIGNED, 10, &a, 0 };
  CHECKV (op_potential_grad (&p, 1, &x, &th) == OP_POT_OK
          && fabs (th) < 1e96 / 8, "far", th, 1e96 / 8);
  CHECKV (op_potential_psi (&p, 1, &th, &xb, NULL) == OP_POT_OK
          && isfinite (xb) && xb > 0, "far", xb, x);
  long double err, r = ref_breg (OP_SIGNED, 10, a, z, x, &err);
  CHECKV (op_bregman (&p, 1, &z, &x, &d, NULL) == OP_POT_OK
          && (err <= 1e-14L * r ? fabsl (d - r) <= 1e-12L * r
              : ld_err > 1e-17L), "far", d,
          (double) r);
}

int
main (void)
{
  probe_long_double ();
  for (int m = 0; m < 2; m++)
    for (int id = 0; id < NDEPTH; id++)
      for (int ia = -1; ia < NALPHA; ia++)
        {
          op_model model = m ? OP_SIGNED : OP_NONNEGATIVE;
          test_roundtrip (model, depths[id], ia);
          test_derivatives (model, depths[id], ia);
          test_bregman (model, depths[id], ia);
          test_init (model, depths[id], ia);
        }
  test_zero_entries ();
  test_init_underflow ();
  test_errors ();
  test_signed_far ();
  printf ("%d passed, %d failed\n", npass, nfail);
  return nfail != 0;
}
