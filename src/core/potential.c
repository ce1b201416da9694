/* overparam: the mirror-flow potentials F of DESIGN.md 1.2.
   Copyright (C) 2026 The overparam developers.  GPL-3.0-or-later.

   Notation (per coordinate, alpha > 0 the factor scale, k = L - 2,
   p = L / k for L >= 3):

     non-negative, L = 1   theta = x                     x = theta
     signed,       L = 1   theta = x / 2                 x = 2 theta
     non-negative, L = 2   theta = log (x) / 2           x = exp (2 theta)
     signed,       L = 2   theta = asinh (x / beta) / 2
                           x = beta sinh (2 theta),  beta = 2 alpha^2
     non-negative, L >= 3  theta = -x^(-k/L) / k         x = (-k theta)^(-p)
     signed,       L >= 3  theta = (a / k) tau,  a = alpha^(-k),  |tau| < 1,
                           x = alpha^L [(1 - tau)^(-p) - (1 + tau)^(-p)].

   In the signed model with L >= 3 the factors of the identical-factor flow
   are u = alpha (1 - tau)^(-1/k) and v = alpha (1 + tau)^(-1/k); every
   quantity is evaluated through tau, s = 1 - tau and t = 1 + tau (each
   known to full relative accuracy) instead of through a - k theta, which
   cancels.  tau solves h (tau) = x / alpha^L with
   h (tau) = (1 - tau)^(-p) - (1 + tau)^(-p), odd and increasing: a
   safeguarded Newton iteration on [0, 1/2] in tau (h is convex there, so
   Newton from the right converges monotonically), and for larger x a
   safeguarded Newton iteration in log s on the bracket that
   s^(-p) (1 - (s/t)^p) = x / alpha^L gives.

   Bregman divergence: for z far from x the closed forms of DESIGN.md 1.2
   (rearranged so that no two large nearly equal numbers are subtracted);
   for z near x, where every closed form cancels to second order,
   D = (z - x)^2 int_0^1 (1 - r) F'' (x + r (z - x)) dr by 12-point
   Gauss-Legendre quadrature.  F'' = 1 / psi' (theta (x)) is analytic in a
   complex neighbourhood of [x, z] whose size is at least the distance
   |(x + z)/2 + i y_s|, y_s the distance of the nearest singularity of F''
   from the real axis near 0 (0 in the non-negative model, 2 alpha^2 for
   signed L = 2, a multiple of alpha^L for signed L >= 3).  "Near" means
   that distance is at least 3 half-widths |z - x| / 2 (z / x in
   [1/2, 2] in the non-negative model): the Bernstein ellipse parameter
   is then >= 3 + sqrt (8) and the quadrature error below 5.8^-24 ~ 5e-19
   relative.  Outside that region the closed forms lose at most a factor
   of about 100 to cancellation.  Measured against 160-digit references
   (mpmath) over both models, L = 2..10, alpha = 1, 1e-2, 1e-12 and
   |x| from 1e-25 to 1e20: largest relative error of D 7e-14.  */

#include "potential.h"

#include <float.h>
#include <math.h>

/* Gauss-Legendre rules on [-1, 1] with 2, 4, 8 and 12 points: the
   positive nodes and their weights (Abramowitz and Stegun, table 25.4). */
static const double gl2_node[] = { 0.5773502691896257645091488 };
static const double gl2_weight[] = { 1.0 };
static const double gl4_node[] = {
  0.3399810435848562648026658, 0.8611363115940525752239465
};
static const double gl4_weight[] = {
  0.6521451548625461426269361, 0.3478548451374538573730639
};
static const double gl8_node[] = {
  0.1834346424956498049394761, 0.5255324099163289858177390,
  0.7966664774136267395915539, 0.9602898564975362316835609
};
static const double gl8_weight[] = {
  0.3626837833783619829651504, 0.3137066458778872873379622,
  0.2223810344533744705443560, 0.1012285362903762591525314
};
static const double gl12_node[] = {
  0.1252334085114689154724414, 0.3678314989981801937526915,
  0.5873179542866174472967024, 0.7699026741943046870368938,
  0.9041172563704748566784659, 0.9815606342467192506905491
};
static const double gl12_weight[] = {
  0.2491470458134027850005624, 0.2334925365383548087608499,
  0.2031674267230659217490645, 0.1600783285433462263346525,
  0.1069393259953184309602547, 0.0471753363865118271946160
};

/* Separation (in half-widths) from which the quadrature is used.  */
#ifndef NEAR_RATIO
#define NEAR_RATIO 3.0
#endif

#define OP_PI 3.14159265358979323846

/* Per-coordinate constants of a potential.  */
typedef struct
{
  int L;
  double alpha;   /* factor scale */
  double la;      /* log (alpha) */
  double k;       /* L - 2 (L >= 3) */
  double p;       /* L / (L - 2) (L >= 3) */
  /* signed model, L >= 3 (cached: the quadrature evaluates them often) */
  double aL;      /* alpha^L, 0 where it underflows */
  double a2L2;    /* alpha^(2L-2) */
  double kova;    /* k / a = k alpha^k */
  double aovk;    /* a / k = alpha^(-k) / k */
  double ys;      /* singularity distance of F'' (see sing_dist_of) */
  double xhalf;   /* h (1/2) = 2^p - (2/3)^p */
} coord;

/* alpha^e1 b^e2 for alpha, b > 0: through pow where nothing over- or
   underflows (accurate to a few ulp), else through logs.  */
static double
powprod (double alpha, double e1, double b, double e2)
{
  double f1 = pow (alpha, e1);
  double f2 = pow (b, e2);
  double r = f1 * f2;
  if (isfinite (f1) && isfinite (f2) && f1 >= DBL_MIN && f2 >= DBL_MIN
      && isfinite (r) && r >= DBL_MIN)
    return r;
  return exp (e1 * log (alpha) + e2 * log (b));
}

static int
needs_alpha (const op_potential *p)
{
  return p->model == OP_SIGNED && p->depth >= 2;
}

static int
check_args (const op_potential *p, ptrdiff_t n, int want_alpha)
{
  if (! p || n < 0 || p->depth < 1
      || (p->model != OP_SIGNED && p->model != OP_NONNEGATIVE))
    return OP_POT_ARGS;
  if ((want_alpha || needs_alpha (p)) && ! p->alpha)
    return OP_POT_ARGS;
  return OP_POT_OK;
}

/* Distance from the real axis of the nearest singularity of F'' near 0.  */
static double
sing_dist_of (op_model model, const coord *c)
{
  if (model == OP_NONNEGATIVE)
    return 0.0;
  if (c->L == 2)
    return 2.0 * c->alpha * c->alpha;
  {
    /* psi' (tau) = 0 first at tau = i tan (g), g = pi / (2 (p + 1)),
       where x = 2 i alpha^L cos (g)^p sin (p g); half of it, for margin. */
    double g = OP_PI / (2.0 * (c->p + 1.0));
    return pow (c->alpha, c->L) * pow (cos (g), c->p) * sin (c->p * g);
  }
}

/* The constants of coordinate i; OP_POT_ARGS for a bad alpha.  With a
   scalar alpha (stride 0) only i = 0 needs to be computed.  */
static int
coord_at (const op_potential *p, ptrdiff_t i, int want_alpha, coord *c)
{
  if (i > 0 && p->alpha_stride == 0)
    return OP_POT_OK;
  c->L = p->depth;
  c->k = p->depth - 2.0;
  c->p = p->depth >= 3 ? p->depth / (p->depth - 2.0) : 0.0;
  c->alpha = 1.0;
  c->la = 0.0;
  c->aL = c->a2L2 = c->kova = c->aovk = 1.0;
  c->ys = 0.0;
  if (want_alpha || needs_alpha (p))
    {
      double a = p->alpha[i * p->alpha_stride];
      if (! (a > 0.0 && isfinite (a)))
        return OP_POT_ARGS;
      c->alpha = a;
      c->la = log (a);
    }
  if (needs_alpha (p))
    {
      c->ys = sing_dist_of (p->model, c);
      if (p->depth >= 3)
        {
          c->aL = pow (c->alpha, c->L);
          if (! (c->aL >= DBL_MIN && isfinite (c->aL)))
            c->aL = 0.0;
          c->a2L2 = powprod (c->alpha, 2.0 * c->L - 2.0, 1.0, 0.0);
          c->kova = c->k * powprod (c->alpha, c->k, 1.0, 0.0);
          c->aovk = powprod (c->alpha, -c->k, 1.0, 0.0) / c->k;
          c->xhalf = pow (2.0, c->p) - pow (2.0 / 3.0, c->p);
        }
    }
  return OP_POT_OK;
}

/* ------------------------------------------------------------------ */
/* Signed model, L >= 3: x <-> tau.                                     */

/* h (tau) and h' (tau) for 0 <= tau < 1, without cancellation at small
   tau: with B = (1 + tau)^-p, h = B expm1 (p [log1p (tau) - log1p (-tau)])
   (the logs have opposite signs), (1 - tau)^-p = B + h.  */
static void
h_tau (double tau, double p, double *h, double *dh)
{
  double l1 = log1p (tau), l2 = log1p (-tau);
  double B = exp (-p * l1);
  double hv = B * expm1 (p * (l1 - l2));
  *h = hv;
  *dh = p * ((B + hv) / (1.0 - tau) + B / (1.0 + tau));
}

/* Solve h (tau) = |x| / alpha^L; tau, s = 1 - tau, t = 1 + tau for x >= 0,
   mirrored for x < 0.  guess, if in (0, 1/2), is a starting value for
   |tau| (the quadrature passes the previous node's); the bracket keeps the
   iteration safe from any start.  */
static void
signed_tau_from (const coord *c, double x, double guess, double *tau,
                 double *s, double *t)
{
  double ax = fabs (x);
  double p = c->p;
  double lxi, xi, xhalf, tt, ss, tp;
  int it;

  if (ax == 0.0)
    {
      *tau = 0.0;
      *s = 1.0;
      *t = 1.0;
      return;
    }
  lxi = c->aL > 0.0 ? NAN : log (ax) - c->L * c->la;
  xi = c->aL > 0.0 ? ax / c->aL : exp (lxi);
  xhalf = c->xhalf;

  if (xi <= 2e-4 * p)
    {
      /* h (tau) = 2p tau (1 + c3 tau^2 + c5 tau^4 + O(tau^6)): reverted,
         tau = u - c3 u^3 + (3 c3^2 - c5) u^5, u = xi / 2p <= 1e-4, exact
         to O(u^7) ~ 1e-26 relative.  */
      double u = xi / (2.0 * p);
      double c3 = (p + 1.0) * (p + 2.0) / 6.0;
      double c5 = c3 * (p + 3.0) * (p + 4.0) / 20.0;
      double u2 = u * u;
      tt = u * (1.0 - c3 * u2 + (3.0 * c3 * c3 - c5) * u2 * u2);
      ss = 1.0 - tt;
      tp = 1.0 + tt;
    }
  else if (xi <= xhalf)
    {
      /* h convex increasing on [0, 1/2], h (0) = 0: the tangent at 0 lies
         below h, so xi / h'(0) >= root and Newton decreases monotonically;
         from a guess left of the root the first step lands right of it.
         The bracket catches rounding.  */
      double lo = 0.0, hi = 0.5;
      tt = (guess > 0.0 && guess < 0.5) ? guess : fmin (xi / (2.0 * p), 0.5);
      for (it = 0; it < 200; it++)
        {
          double f, df, tn;
          int newton;
          h_tau (tt, p, &f, &df);
          f -= xi;
          if (f == 0.0)
            break;
          if (f > 0.0)
            hi = tt;
          else
            lo = tt;
          tn = tt - f / df;
          newton = tn >= lo && tn <= hi;
          if (! newton)
            tn = 0.5 * (lo + hi);
          /* Converged quadratically once a Newton step is below 1e-9
             relative: the next would be below |h''/h'| 1e-18 <= 1e-17.  */
          if ((newton && fabs (tn - tt) <= 1e-9 * tt)
              || hi - lo <= 4.0 * DBL_EPSILON * hi)
            {
              tt = tn;
              break;
            }
          tt = tn;
        }
      ss = 1.0 - tt;
      tp = 1.0 + tt;
    }
  else
    {
      /* s^(-p) (1 - r^p) = xi, r = s / (2 - s) <= 1/3; so
         (1 - 3^-p)^(1/p) xi^(-1/p) <= s <= min (1/2, xi^(-1/p)).
         G (log s) = log (s^(-p) (1 - r^p) / xi) is decreasing and nearly
         linear in log s: Newton on log s, G evaluated in linear form
         (not as a difference of large logs) whenever xi is representable. */
      int linear;
      if (isnan (lxi))
        lxi = log (ax) - c->L * c->la;
      linear = isfinite (xi) && xi >= DBL_MIN;
      double llo = -(lxi - log1p (-pow (3.0, -p))) / p;
      double lhi = fmin (log (0.5), -lxi / p);
      /* Start at the upper end: the root lies within r^p <= 3^-p of it in
         G, and closer the larger xi (no use for a guess here).  */
      double ls = lhi;
      for (it = 0; it < 200; it++)
        {
          double sv = exp (ls);
          double lr = ls - log (2.0 - sv);
          double rp = exp (p * lr);
          double sp = pow (sv, -p);
          double g, dg, ln;
          int newton;
          if (linear && isfinite (sp))
            g = log (sp / xi) + log1p (-rp);
          else
            g = -p * ls + log1p (-rp) - lxi;
          if (g == 0.0)
            break;
          if (g > 0.0)
            llo = ls;
          else
            lhi = ls;
          dg = -p * (1.0 + rp / (1.0 - rp) * 2.0 / (2.0 - sv));
          ln = ls - g / dg;
          newton = ln >= llo && ln <= lhi;
          if (! newton)
            ln = 0.5 * (llo + lhi);
          /* G is nearly linear (|G''/G'| < 1): a Newton step below 1e-8
             leaves an error below 1e-16 in log s.  */
          if ((newton && fabs (ln - ls) <= 1e-8)
              || lhi - llo <= 4.0 * DBL_EPSILON * fabs (ls))
            {
              ls = ln;
              break;
            }
          ls = ln;
        }
      ss = exp (ls);
      tt = 1.0 - ss;
      tp = 2.0 - ss;
    }

  if (x < 0.0)
    {
      *tau = -tt;
      *s = tp;
      *t = ss;
    }
  else
    {
      *tau = tt;
      *s = ss;
      *t = tp;
    }
}

static void
signed_tau (const coord *c, double x, double *tau, double *s, double *t)
{
  signed_tau_from (c, x, -1.0, tau, s, t);
}

/* alpha^m (s^e + t^e) for e < 0, through the smaller of s, t.  */
static double
pow_pair (const coord *c, double m, double s, double t, double e)
{
  double lo = fmin (s, t), hi = fmax (s, t);
  return powprod (c->alpha, m, lo, e) * (1.0 + pow (lo / hi, -e));
}

/* Phi = (u^2 + v^2) / 2 = alpha^2 (s^(-2/k) + t^(-2/k)) / 2.  */
static double
signed_phi_st (const coord *c, double s, double t)
{
  return 0.5 * pow_pair (c, 2.0, s, t, -2.0 / c->k);
}

/* psi' = L (u^(2L-2) + v^(2L-2)) = L alpha^(2L-2) (s^(-p-1) + t^(-p-1)).  */
static double
signed_dpsi_st (const coord *c, double s, double t)
{
  return c->L * pow_pair (c, 2.0 * c->L - 2.0, s, t, -c->p - 1.0);
}

/* k / a = k alpha^k: tau = theta k / a.  grad and psi form tau with this
   one expression, so that the rim test in grad is the one psi applies.  */
static double
signed_k_over_a (const coord *c)
{
  return c->kova;
}

/* a / k = alpha^(-k) / k.  */
static double
signed_a_over_k (const coord *c)
{
  return c->aovk;
}

/* ------------------------------------------------------------------ */
/* Single-entry potentials.                                             */

static int
grad1 (op_model model, const coord *c, double x, double *theta)
{
  int L = c->L;
  if (! isfinite (x))
    return OP_POT_DOMAIN;
  if (L == 1)
    {
      *theta = model == OP_SIGNED ? 0.5 * x : x;
      return OP_POT_OK;
    }
  if (model == OP_NONNEGATIVE)
    {
      if (x < 0.0)
        return OP_POT_DOMAIN;
      if (L == 2)
        *theta = 0.5 * log (x);                  /* -Inf at x = 0 */
      else
        *theta = x == 0.0 ? -INFINITY : -pow (x, -c->k / L) / c->k;
      return OP_POT_OK;
    }
  if (L == 2)
    {
      /* asinh (x / beta) / 2, beta = 2 alpha^2; through logs when x / beta
         is out of range (then asinh (w) = log (2 |w|) to full accuracy). */
      double beta = 2.0 * c->alpha * c->alpha;
      double w = x / beta;
      if (beta >= DBL_MIN && isfinite (w))
        *theta = 0.5 * asinh (w);
      else
        *theta = 0.5 * copysign (log (fabs (x)) - 2.0 * c->la, x);
      return OP_POT_OK;
    }
  {
    /* theta = (a/k) tau.  For x far beyond alpha^L, tau is within rounding
       of +-1 and theta could land on or past the rim |theta| = a/k, where
       psi is undefined: step it inward to the nearest double that psi
       accepts (x = psi (theta) is then huge but finite).  */
    double tau, s, t, th, ak = signed_k_over_a (c);
    int i;
    signed_tau (c, x, &tau, &s, &t);
    th = signed_a_over_k (c) * tau;
    for (i = 0; i < 16 && fabs (th * ak) >= 1.0; i++)
      th = nextafter (th, 0.0);
    *theta = th;
  }
  return OP_POT_OK;
}

static int
psi1 (op_model model, const coord *c, double th, double *x, double *dx)
{
  int L = c->L;
  double xv, dv;
  if (isnan (th) || th == INFINITY)
    return OP_POT_DOMAIN;
  if ((L == 1 || model == OP_SIGNED) && ! isfinite (th))
    return OP_POT_DOMAIN;

  if (L == 1)
    {
      xv = model == OP_SIGNED ? 2.0 * th : th;
      dv = model == OP_SIGNED ? 2.0 : 1.0;
    }
  else if (model == OP_NONNEGATIVE && L == 2)
    {
      xv = exp (2.0 * th);
      dv = 2.0 * xv;
    }
  else if (model == OP_NONNEGATIVE)
    {
      double m;
      if (th >= 0.0)
        return OP_POT_DOMAIN;
      m = -c->k * th;
      xv = pow (m, -c->p);
      dv = L * pow (m, -c->p - 1.0);
    }
  else if (L == 2)
    {
      /* 2 alpha^2 sinh (2 theta) = alpha^2 e^(2|theta|) (1 - e^(-4|theta|)) */
      double at = fabs (th);
      double a2 = c->alpha * c->alpha;
      double e = exp (2.0 * at);
      double m = (a2 >= DBL_MIN && isfinite (e) && a2 * e >= DBL_MIN
                  && isfinite (a2 * e)) ? a2 * e
                                         : exp (2.0 * c->la + 2.0 * at);
      xv = copysign (m * -expm1 (-4.0 * at), th);
      dv = 2.0 * m * (1.0 + exp (-4.0 * at));
    }
  else
    {
      double tau = th * signed_k_over_a (c);
      double at = fabs (tau);
      double s, t, E, mag;
      if (! (at < 1.0))
        return OP_POT_DOMAIN;
      s = 1.0 - at;
      t = 1.0 + at;
      E = 2.0 * c->p * atanh (at);
      /* alpha^L [s^-p - t^-p]: factor out the larger power.  */
      if (E <= 1.0)
        mag = powprod (c->alpha, L, t, -c->p) * expm1 (E);
      else
        mag = powprod (c->alpha, L, s, -c->p) * -expm1 (-E);
      xv = copysign (mag, tau);
      dv = signed_dpsi_st (c, s, t);
    }
  *x = xv;
  if (dx)
    *dx = dv;
  return OP_POT_OK;
}

static int
conj1 (op_model model, const coord *c, double th, double *phi)
{
  int L = c->L;
  if (isnan (th) || th == INFINITY)
    return OP_POT_DOMAIN;
  if ((L == 1 || model == OP_SIGNED) && ! isfinite (th))
    return OP_POT_DOMAIN;
  if (L == 1)
    *phi = model == OP_SIGNED ? th * th : 0.5 * th * th;
  else if (model == OP_NONNEGATIVE && L == 2)
    *phi = 0.5 * exp (2.0 * th);
  else if (model == OP_NONNEGATIVE)
    {
      if (th >= 0.0)
        return OP_POT_DOMAIN;
      *phi = 0.5 * pow (-c->k * th, -2.0 / c->k);
    }
  else if (L == 2)
    {
      /* alpha^2 cosh (2 theta) */
      double at = fabs (th);
      double a2 = c->alpha * c->alpha;
      double e = exp (2.0 * at);
      double m = (a2 >= DBL_MIN && isfinite (e) && a2 * e >= DBL_MIN
                  && isfinite (a2 * e)) ? a2 * e
                                         : exp (2.0 * c->la + 2.0 * at);
      *phi = 0.5 * m * (1.0 + exp (-4.0 * at));
    }
  else
    {
      double tau = th * signed_k_over_a (c);
      double at = fabs (tau);
      if (! (at < 1.0))
        return OP_POT_DOMAIN;
      *phi = signed_phi_st (c, 1.0 - at, 1.0 + at);
    }
  return OP_POT_OK;
}

/* F'' (x) = 1 / psi' (grad F (x)) for L >= 2, x in the open domain.  For
   signed L >= 3, *guess is a starting value for |tau| (or negative) and
   receives |tau| of x.  */
static double
hess1 (op_model model, const coord *c, double x, double *guess)
{
  int L = c->L;
  if (model == OP_NONNEGATIVE)
    return L == 2 ? 0.5 / x : pow (x, (2.0 - 2.0 * L) / L) / L;
  if (L == 2)
    return 0.5 / hypot (x, 2.0 * c->alpha * c->alpha);
  {
    double tau, s, t;
    signed_tau_from (c, x, *guess, &tau, &s, &t);
    *guess = fabs (tau);
    if (fabs (tau) <= 1e-4)
      {
        /* s^-q + t^-q = 2 (1 + q(q+1)/2 tau^2 + q(q+1)(q+2)(q+3)/24 tau^4
           + O(tau^6)), q = p + 1: 1e-24 relative at |tau| <= 1e-4 */
        double q = c->p + 1.0, t2 = tau * tau;
        double b2 = q * (q + 1.0) / 2.0;
        double b4 = b2 * (q + 2.0) * (q + 3.0) / 12.0;
        return 1.0 / (2.0 * c->L * c->a2L2 * (1.0 + t2 * (b2 + b4 * t2)));
      }
    return 1.0 / signed_dpsi_st (c, s, t);
  }
}

/* asinh (z / beta) - asinh (x / beta), beta = 2 alpha^2.  */
static double
asinh_diff (const coord *c, double z, double x)
{
  double beta = 2.0 * c->alpha * c->alpha;
  double sg = 1.0;
  double hz, hx;
  if (z < 0.0 && x < 0.0)
    {
      sg = -1.0;
      z = -z;
      x = -x;
    }
  if (z > 0.0 && x > 0.0)
    {
      /* log ((z + hz) / (x + hx)) as log1p of the relative change while
         that is moderate; far apart (or where the change would overflow)
         as a difference of logs, log (v + hypot (v, beta)) =
         log (v) + log1p (hypot (1, beta / v)), which cannot overflow.  */
      double r;
      hz = hypot (z, beta);
      hx = hypot (x, beta);
      r = (z - x) * (1.0 + (z + x) / (hz + hx)) / (x + hx);
      if (r > -0.5 && r < 1.0)
        return sg * log1p (r);
      return sg * ((log (z) + log1p (hypot (1.0, beta / z)))
                   - (log (x) + log1p (hypot (1.0, beta / x))));
    }
  {
    /* Opposite signs or a zero: the two terms add.  */
    double tz, tx;
    coord cc = *c;
    cc.L = 2;
    grad1 (OP_SIGNED, &cc, z, &tz);
    grad1 (OP_SIGNED, &cc, x, &tx);
    return 2.0 * (tz - tx);
  }
}

static int
breg1 (op_model model, const coord *c, double z, double x, double *term)
{
  int L = c->L;
  double d = z - x;
  if (! isfinite (z) || ! isfinite (x))
    return OP_POT_DOMAIN;
  if (model == OP_NONNEGATIVE && L >= 2 && (z < 0.0 || x < 0.0))
    return OP_POT_DOMAIN;

  if (L == 1)
    {
      *term = (model == OP_SIGNED ? 0.25 : 0.5) * d * d;
      return OP_POT_OK;
    }
  if (d == 0.0)
    {
      *term = 0.0;
      return OP_POT_OK;
    }
  if (model == OP_NONNEGATIVE && x == 0.0)
    {
      *term = INFINITY;                         /* z > 0, theta_x = -Inf */
      return OP_POT_OK;
    }

  /* Near: quadrature of (z - x)^2 int_0^1 (1 - r) F'' (x + r (z - x)) dr,
     with as few nodes as the separation R allows.  The integrand is
     analytic inside the Bernstein ellipse of parameter ~2R, where it is at
     most ~R times its size on [0, 1] (the factor 1 - r), so the n-point
     rule errs by about 20 (2R)^(1-2n) relative: below 1e-17 for n = 2 at
     R >= 1e6, n = 4 at R >= 300, n = 8 at R >= 8.5, and 6e-17 for n = 12
     at R >= 3.  The nodes are visited from x to z, each root-find (signed
     L >= 3) starting from the previous node's tau.  */
  {
    double R = hypot (0.5 * (x + z), c->ys) / (0.5 * fabs (d));
    if (R >= NEAR_RATIO)
      {
        const double *node, *weight;
        double acc = 0.0, guess = -1.0;
        int j, m;
        if (R >= 1e6)
          node = gl2_node, weight = gl2_weight, m = 1;
        else if (R >= 300.0)
          node = gl4_node, weight = gl4_weight, m = 2;
        else if (R >= 8.5)
          node = gl8_node, weight = gl8_weight, m = 4;
        else
          node = gl12_node, weight = gl12_weight, m = 6;
        for (j = m - 1; j >= 0; j--)
          {
            double r = 0.5 * (1.0 - node[j]);
            acc += weight[j] * (1.0 - r) * hess1 (model, c, x + r * d, &guess);
          }
        for (j = 0; j < m; j++)
          {
            double r = 0.5 * (1.0 + node[j]);
            acc += weight[j] * (1.0 - r) * hess1 (model, c, x + r * d, &guess);
          }
        *term = 0.5 * acc * d * d;
        return OP_POT_OK;
      }
  }

  if (model == OP_NONNEGATIVE && L == 2)
    {
      /* (z log (z/x) - z + x) / 2; z = 0 by its limit.  */
      double lr, r;
      if (z == 0.0)
        {
          *term = 0.5 * x;
          return OP_POT_OK;
        }
      r = z / x;
      lr = (isfinite (r) && r >= DBL_MIN) ? log (r) : log (z) - log (x);
      *term = 0.5 * (z * lr - z + x);
    }
  else if (model == OP_NONNEGATIVE)
    {
      /* (z x^(-k/L) - (L/2) z^(2/L) + (k/2) x^(2/L)) / k */
      double k = c->k;
      double a = z == 0.0 ? 0.0 : z * pow (x, -k / L);
      *term = (a - 0.5 * L * pow (z, 2.0 / L) + 0.5 * k * pow (x, 2.0 / L)) / k;
    }
  else if (L == 2)
    {
      /* (z [asinh (z/beta) - asinh (x/beta)] - (hz - hx)) / 2,
         hz - hx = (z - x)(z + x) / (hz + hx).  */
      double beta = 2.0 * c->alpha * c->alpha;
      double hz = hypot (z, beta), hx = hypot (x, beta);
      *term = 0.5 * (z * asinh_diff (c, z, x) - d * ((z + x) / (hz + hx)));
    }
  else
    {
      /* z (theta_z - theta_x) - Phi (theta_z) + Phi (theta_x), with
         theta_z - theta_x = (a/k)(tau_z - tau_x) formed from whichever of
         tau, s = 1 - tau, t = 1 + tau is smallest (least rounding).  */
      double tz, sz, uz, tx, sx, ux, dt;
      signed_tau (c, z, &tz, &sz, &uz);
      signed_tau (c, x, &tx, &sx, &ux);
      if (sz + sx <= fabs (tz) + fabs (tx) && sz + sx <= uz + ux)
        dt = sx - sz;
      else if (uz + ux <= fabs (tz) + fabs (tx))
        dt = uz - ux;
      else
        dt = tz - tx;
      *term = z * signed_a_over_k (c) * dt
              - (signed_phi_st (c, sz, uz) - signed_phi_st (c, sx, ux));
    }
  return OP_POT_OK;
}

/* ------------------------------------------------------------------ */
/* Public API.                                                          */

int
op_potential_grad (const op_potential *p, ptrdiff_t n, const double *x,
                   double *theta)
{
  ptrdiff_t i;
  int err = check_args (p, n, 0);
  coord c;
  for (i = 0; i < n && ! err; i++)
    {
      err = coord_at (p, i, 0, &c);
      if (! err)
        err = grad1 (p->model, &c, x[i], &theta[i]);
    }
  return err;
}

int
op_potential_psi (const op_potential *p, ptrdiff_t n, const double *theta,
                  double *x, double *dpsi)
{
  ptrdiff_t i;
  int err = check_args (p, n, 0);
  coord c;
  for (i = 0; i < n && ! err; i++)
    {
      err = coord_at (p, i, 0, &c);
      if (! err)
        err = psi1 (p->model, &c, theta[i], &x[i], dpsi ? &dpsi[i] : NULL);
    }
  return err;
}

int
op_potential_conj (const op_potential *p, ptrdiff_t n, const double *theta,
                   double *phi)
{
  ptrdiff_t i;
  int err = check_args (p, n, 0);
  coord c;
  for (i = 0; i < n && ! err; i++)
    {
      err = coord_at (p, i, 0, &c);
      if (! err)
        err = conj1 (p->model, &c, theta[i], &phi[i]);
    }
  return err;
}

int
op_potential_init (const op_potential *p, ptrdiff_t n, double *theta0)
{
  ptrdiff_t i;
  int need = p && p->model == OP_NONNEGATIVE;
  int err = check_args (p, n, need);
  coord c;
  for (i = 0; i < n && ! err; i++)
    {
      err = coord_at (p, i, need, &c);
      if (err)
        break;
      if (p->model == OP_SIGNED)
        theta0[i] = 0.0;                        /* x (0) = 0 */
      else if (c.L == 1)
        theta0[i] = c.alpha;
      else if (c.L == 2)
        theta0[i] = c.la;                       /* log (alpha^2) / 2 */
      else
        theta0[i] = -powprod (c.alpha, -c.k, 1.0, 0.0) / c.k;
    }
  return err;
}

int
op_bregman (const op_potential *p, ptrdiff_t n, const double *z,
            const double *x, double *d, double *terms)
{
  ptrdiff_t i;
  double sum = 0.0;
  int err = check_args (p, n, 0);
  coord c;
  for (i = 0; i < n && ! err; i++)
    {
      double ti = 0.0;
      err = coord_at (p, i, 0, &c);
      if (! err)
        err = breg1 (p->model, &c, z[i], x[i], &ti);
      if (terms)
        terms[i] = ti;
      sum += ti;
    }
  if (d)
    *d = err ? NAN : sum;
  return err;
}
