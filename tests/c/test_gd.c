/* overparam: C unit tests of the gradient-descent core (src/core/gd.c,
   linop.c), built with AddressSanitizer and UBSan by tests/c/Makefile and
   run by make check.  Prints each failure and, last, "N passed, N failed".
   Copyright (C) 2026 The overparam developers.  GPL-3.0-or-later.  */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gd.h"

#include "check.h"

/* Deterministic pseudo-random numbers in (-1, 1).  */
static double
rnd (unsigned *s)
{
  *s = *s * 1103515245u + 12345u;
  return ((*s >> 8) & 0xffff) / 32768.0 - 1.0;
}

#define MM 7
#define NN 12

static double A[MM * NN], y[MM];
static int64_t colptr[NN + 1], rowind[MM * NN];
static double val[MM * NN];

static void
setup (void)
{
  unsigned s = 1;
  int64_t nz = 0;
  for (int j = 0; j < NN; j++)
    {
      colptr[j] = nz;
      for (int i = 0; i < MM; i++)
        {
          double a = rnd (&s);
          if (fabs (a) < 0.3)
            a = 0.0;      /* some structural zeros for the sparse copy */
          A[i + j * MM] = a;
          if (a != 0.0)
            {
              rowind[nz] = i;
              val[nz++] = a;
            }
        }
    }
  colptr[NN] = nz;
  for (int i = 0; i < MM; i++)
    y[i] = rnd (&s);
}

static op_gd_params
params (op_model model, int L, int auto_step, double step, ptrdiff_t steps)
{
  op_gd_params p;
  memset (&p, 0, sizeof (p));
  p.model = model;
  p.depth = L;
  p.auto_step = auto_step;
  p.step = step;
  p.maxsteps = steps;
  p.stallwindow = 100;
  p.record = 1;
  return p;
}

/* <A x, r> = <x, A' r> for dense and sparse operators, and they agree.  */
static void
test_linop (void)
{
  op_linop D = { MM, NN, A, NULL, NULL, NULL };
  op_linop S = { MM, NN, NULL, colptr, rowind, val };
  double x[NN], r[MM], ax[MM], atr[NN], sx[MM], satr[NN];
  unsigned s = 7;
  double l = 0, rr = 0, d1 = 0, d2 = 0;
  for (int j = 0; j < NN; j++)
    x[j] = rnd (&s);
  for (int i = 0; i < MM; i++)
    r[i] = rnd (&s);
  op_linop_apply (&D, x, ax);
  op_linop_adjoint (&D, r, atr);
  op_linop_apply (&S, x, sx);
  op_linop_adjoint (&S, r, satr);
  for (int i = 0; i < MM; i++)
    {
      l += ax[i] * r[i];
      d1 = fmax (d1, fabs (ax[i] - sx[i]));
    }
  for (int j = 0; j < NN; j++)
    {
      rr += x[j] * atr[j];
      d2 = fmax (d2, fabs (atr[j] - satr[j]));
    }
  CHECK (fabs (l - rr) <= 1e-14);
  CHECK (d1 <= 1e-15 && d2 <= 1e-15);
}

/* One fixed step, identical factors, non-negative L = 3, by hand.  */
static void
test_one_step (void)
{
  op_linop D = { MM, NN, A, NULL, NULL, NULL };
  op_gd_params p = params (OP_NONNEGATIVE, 3, 0, 0.01, 1);
  double u[NN], u0[NN], xc[NN], x[NN], r[MM], g[NN], rn;
  op_gd_state s = { u, NULL, 0.01, 0, 0, xc, 0 };
  for (int j = 0; j < NN; j++)
    u[j] = u0[j] = 0.5 + 0.03 * j;
  memset (xc, 0, sizeof (xc));
  int st = op_gd_run (&D, y, &p, &s, NULL, x, &rn);
  CHECK (st == OP_GD_RUNNING);
  CHECK (s.iter == 1);
  for (int i = 0; i < MM; i++)
    {
      r[i] = -y[i];
      for (int j = 0; j < NN; j++)
        r[i] += A[i + j * MM] * pow (u0[j], 3);
    }
  double e = 0, rr = 0;
  for (int j = 0; j < NN; j++)
    {
      g[j] = 0;
      for (int i = 0; i < MM; i++)
        g[j] += A[i + j * MM] * r[i];
      e = fmax (e, fabs (u[j] - (u0[j] - 0.01 * u0[j] * u0[j] * g[j])));
      CHECK (fabs (x[j] - u[j] * u[j] * u[j]) <= 1e-15);
    }
  for (int i = 0; i < MM; i++)
    rr += r[i] * r[i];
  CHECK (e <= 1e-15);
  CHECK (fabs (s.energy - 0.01 * rr) <= 1e-14 * rr);
}

/* Dense and sparse runs agree; auto steps never increase the loss.  */
static void
test_auto_sparse (void)
{
  op_linop D = { MM, NN, A, NULL, NULL, NULL };
  op_linop S = { MM, NN, NULL, colptr, rowind, val };
  op_gd_params p = params (OP_SIGNED, 3, 1, 0, 300);
  double u1[NN], v1[NN], u2[NN], v2[NN], c1[NN], c2[NN], x1[NN], x2[NN];
  double hbuf[8 * 302], r1, r2;
  op_gd_history h = { 302, 0, hbuf, hbuf + 302, hbuf + 604, hbuf + 906,
                      hbuf + 1208, hbuf + 1510, hbuf + 1812, hbuf + 1812 };
  op_gd_state s1 = { u1, v1, 1.0, 0, 0, c1, 0 };
  op_gd_state s2 = { u2, v2, 1.0, 0, 0, c2, 0 };
  for (int j = 0; j < NN; j++)
    u1[j] = v1[j] = u2[j] = v2[j] = 0.1;
  memset (c1, 0, sizeof (c1));
  memset (c2, 0, sizeof (c2));
  int st1 = op_gd_run (&D, y, &p, &s1, &h, x1, &r1);
  int st2 = op_gd_run (&S, y, &p, &s2, NULL, x2, &r2);
  CHECK (st1 == st2);
  CHECK (s1.iter == s2.iter && s1.iter > 0);
  double d = 0;
  for (int j = 0; j < NN; j++)
    d = fmax (d, fabs (x1[j] - x2[j]));
  CHECK (d <= 1e-13);
  CHECK (h.count >= 2 && h.count <= h.capacity);
  int mono = 1;
  for (ptrdiff_t k = 1; k < h.count; k++)
    mono &= h.loss[k] <= h.loss[k - 1];
  CHECK (mono);
  for (int j = 0; j < NN; j++)
    CHECK (u1[j] > 0 && v1[j] > 0);
}

/* A fixed step far too large diverges; the state stays finite.  */
static void
test_diverge (void)
{
  op_linop D = { MM, NN, A, NULL, NULL, NULL };
  op_gd_params p = params (OP_SIGNED, 1, 0, 1e3, 100000);
  double u[NN], v[NN], c[NN], x[NN], rn;
  op_gd_state s = { u, v, 1e3, 0, 0, c, 0 };
  for (int j = 0; j < NN; j++)
    u[j] = v[j] = 1.0;
  memset (c, 0, sizeof (c));
  int st = op_gd_run (&D, y, &p, &s, NULL, x, &rn);
  CHECK (st == OP_GD_DIVERGED);
  int fin = isfinite (rn);
  for (int j = 0; j < NN; j++)
    fin &= isfinite (x[j]) && isfinite (u[j]) && isfinite (v[j]);
  CHECK (fin);
}

/* General factors (N-by-L), signed, L = 2: one step by hand.  */
static void
test_general (void)
{
  op_linop D = { MM, NN, A, NULL, NULL, NULL };
  op_gd_params p = params (OP_SIGNED, 2, 0, 1e-3, 1);
  double U[2 * NN], V[2 * NN], U0[2 * NN], V0[2 * NN], c[NN], x[NN], rn;
  double r[MM], g;
  op_gd_state s = { U, V, 1e-3, 0, 0, c, 0 };
  p.general = 1;
  for (int j = 0; j < 2 * NN; j++)
    {
      U[j] = U0[j] = 0.4 + 0.01 * j;
      V[j] = V0[j] = 0.9 - 0.02 * (j % NN);
    }
  memset (c, 0, sizeof (c));
  op_gd_run (&D, y, &p, &s, NULL, x, &rn);
  for (int i = 0; i < MM; i++)
    {
      r[i] = -y[i];
      for (int j = 0; j < NN; j++)
        r[i] += A[i + j * MM] * (U0[j] * U0[j + NN] - V0[j] * V0[j + NN]);
    }
  double e = 0;
  for (int j = 0; j < NN; j++)
    {
      g = 0;
      for (int i = 0; i < MM; i++)
        g += A[i + j * MM] * r[i];
      e = fmax (e, fabs (U[j] - (U0[j] - 1e-3 * U0[j + NN] * g)));
      e = fmax (e, fabs (U[j + NN] - (U0[j + NN] - 1e-3 * U0[j] * g)));
      e = fmax (e, fabs (V[j] - (V0[j] + 1e-3 * V0[j + NN] * g)));
      e = fmax (e, fabs (V[j + NN] - (V0[j + NN] + 1e-3 * V0[j] * g)));
    }
  CHECK (e <= 1e-15);
}

/* A dense matrix large enough for the fused single sweep agrees with the
   same matrix in sparse form (two separate products per step), for fixed
   and adaptive steps, both models.  */
static void
test_fused (void)
{
  enum { M = 300, N = 1000 };
  double *Ad = malloc (sizeof (double) * M * N);
  double *val2 = malloc (sizeof (double) * M * N);
  int64_t *cp = malloc (sizeof (int64_t) * (N + 1));
  int64_t *ri = malloc (sizeof (int64_t) * M * N);
  double *yy = malloc (sizeof (double) * M);
  double *buf = malloc (sizeof (double) * 10 * N);
  unsigned sd = 3;
  int64_t nz = 0;
  for (int j = 0; j < N; j++)
    {
      cp[j] = nz;
      for (int i = 0; i < M; i++)
        {
          Ad[i + j * M] = rnd (&sd) / 10.0;
          ri[nz] = i;
          val2[nz++] = Ad[i + j * M];
        }
    }
  cp[N] = nz;
  for (int i = 0; i < M; i++)
    yy[i] = rnd (&sd);
  op_linop D = { M, N, Ad, NULL, NULL, NULL };
  op_linop S = { M, N, NULL, cp, ri, val2 };
  for (int mode = 0; mode < 4; mode++)
    {
      op_model model = mode & 1 ? OP_SIGNED : OP_NONNEGATIVE;
      int aut = mode >> 1;
      op_gd_params p = params (model, 3, aut, 1e-2, 200);
      double *u1 = buf, *v1 = buf + N, *u2 = buf + 2 * N, *v2 = buf + 3 * N;
      double *c1 = buf + 4 * N, *c2 = buf + 5 * N;
      double *x1 = buf + 6 * N, *x2 = buf + 7 * N;
      double r1, r2;
      for (int j = 0; j < N; j++)
        {
          u1[j] = u2[j] = 0.2 + 0.001 * (j % 7);
          v1[j] = v2[j] = 0.2 + 0.001 * (j % 5);
          c1[j] = c2[j] = 0.0;
        }
      op_gd_state s1 = { u1, v1, 1e-2, 0, 0, c1, 0 };
      op_gd_state s2 = { u2, v2, 1e-2, 0, 0, c2, 0 };
      int st1 = op_gd_run (&D, yy, &p, &s1, NULL, x1, &r1);
      int st2 = op_gd_run (&S, yy, &p, &s2, NULL, x2, &r2);
      double d = 0, xn = 0;
      for (int j = 0; j < N; j++)
        {
          d = fmax (d, fabs (x1[j] - x2[j]));
          xn = fmax (xn, fabs (x1[j]));
        }
      CHECK (st1 == st2 && s1.iter == s2.iter && s1.iter == 200);
      CHECK (d <= 1e-12 * xn);
      CHECK (fabs (r1 - r2) <= 1e-12 * (r1 + r2));
    }
  free (Ad); free (val2); free (cp); free (ri); free (yy); free (buf);
}

/* Bad arguments are refused without touching the state.  */
static void
test_args (void)
{
  op_linop D = { MM, NN, A, NULL, NULL, NULL };
  op_gd_params p = params (OP_SIGNED, 0, 0, 0.1, 1);
  double u[NN], v[NN], c[NN], x[NN], rn;
  op_gd_state s = { u, v, 0.1, 0, 0, c, 0 };
  CHECK (op_gd_run (&D, y, &p, &s, NULL, x, &rn) == OP_GD_EARGS);
  p.depth = 2;
  p.step = -1;
  CHECK (op_gd_run (&D, y, &p, &s, NULL, x, &rn) == OP_GD_EARGS);
}

int
main (void)
{
  setup ();
  test_linop ();
  test_one_step ();
  test_auto_sparse ();
  test_diverge ();
  test_general ();
  test_args ();
  test_fused ();
  printf ("%d passed, %d failed\n", npass, nfail);
  return nfail != 0;
}
