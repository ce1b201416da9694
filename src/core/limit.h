/* overparam: the limit of the gradient flow (DESIGN.md 1.3) by damped
   Newton on the dual, one right-hand side at a time.
   Copyright (C) 2026 The overparam developers.  GPL-3.0-or-later.

   x_inf = psi (theta_0 + A' mu*), mu* the maximizer of the concave dual
   G (mu) = <mu, y> - sum Phi (theta_0 + A' mu).  The method and its
   parametrization are described at the top of limit.c.  Dense A
   (column-major M-by-N); the caller provides the workspace.  */

#ifndef OVERPARAM_LIMIT_H
#define OVERPARAM_LIMIT_H

#include <stddef.h>
#include "potential.h"

/* Status of a solve.  */
enum
{
  OP_LIMIT_CONVERGED = 1,   /* both relative measures <= tol */
  OP_LIMIT_MAXITER = 0,     /* Newton iteration limit reached */
  OP_LIMIT_STALLED = 2,     /* no step decreases the residuals */
  OP_LIMIT_INFEASIBLE = -1  /* a direction d with A' d <= 0 and
                               <y, d> > 0: no admissible solution */
};

/* Errors (returned instead of a status).  */
enum { OP_LIMIT_EARGS = -10, OP_LIMIT_ETOOBIG = -12, OP_LIMIT_ELAPACK = -13,
       OP_LIMIT_ENONFINITE = -14 /* no finite iterate to return (x and
                                    mu are left untouched) */ };

typedef struct
{
  op_potential potential;   /* model, depth L >= 1, alpha (> 0) */
  double tol;               /* relative residual and stationarity */
  ptrdiff_t maxiter;        /* Newton iterations over all stages */
  int reuse;                /* 2: keep the Hessian's factor longer, in
                               single precision, and correct the steps
                               by preconditioned CG, 3: the same in
                               double (a fallback),
                               1: keep the factor while it stays
                               accurate (chord steps), 0: always
                               refactor (what the M reference does) */
  int start;                /* L >= 3: 1 starts the dual along y (see
                               limit.c, fewer Newton steps on average),
                               0 at 0 (a fallback: some noisy problems
                               converge only from there) */
} op_limit_params;

typedef struct
{
  double iterations;        /* Newton steps */
  double stages;            /* continuation stages */
  double factorizations;    /* Hessians assembled and factored */
  double residual;          /* ||A x - y|| / ||y|| */
  double stationarity;      /* relative distance of grad F (x) - theta_0
                               to range (A') in the scaled dual */
  double decrement;         /* dual Newton decrement of the last step */
  int status;               /* OP_LIMIT_* */
} op_limit_info;

/* Doubles of workspace a solve with M rows and N columns needs, or 0 if
   the sizes overflow.  */
size_t op_limit_workspace (ptrdiff_t M, ptrdiff_t N);

/* x (N) = the limit for y (M) and mu (M) = the dual solution.  A is
   M-by-N column-major, work holds op_limit_workspace (M, N) doubles.
   Returns a status (OP_LIMIT_*) or a negative error.  */
int op_limit_solve (const double *A, ptrdiff_t M, ptrdiff_t N,
                    const double *y, const op_limit_params *p, double *work,
                    double *x, double *mu, op_limit_info *info);

#endif
