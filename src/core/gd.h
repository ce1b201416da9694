/* overparam: gradient descent on the factorized square loss
   (DESIGN.md 1.1), one right-hand side, in resumable chunks.
   Copyright (C) 2026 The overparam developers.  GPL-3.0-or-later.  */

#ifndef OVERPARAM_GD_H
#define OVERPARAM_GD_H

#include <stddef.h>
#include "linop.h"
#include "potential.h"

/* How a chunk ended (the M wrapper maps these to exit flags).  */
enum
{
  OP_GD_RUNNING = 0,      /* chunk used up, no stopping rule met */
  OP_GD_CONVERGED = 1,    /* ||r|| <= tol_abs */
  OP_GD_STALLED = 2,      /* relative change below stalltol, or no
                             admissible step with decrease */
  OP_GD_DISCREPANCY = 3,  /* ||r|| <= discrepancy */
  OP_GD_DIVERGED = -1     /* non-finite iterate; state is the last
                             finite one */
};

/* Errors (returned instead of a status).  */
enum { OP_GD_ENOMEM = -10, OP_GD_EARGS = -11, OP_GD_ETOOBIG = -12 };

typedef struct
{
  op_model model;
  int depth;                 /* L >= 1 */
  int general;               /* 1: factors stored as N-by-L per sign */
  int auto_step;             /* 1: adaptive step (see gd.c), 0: fixed */
  double step;               /* the fixed step (auto_step = 0) */
  ptrdiff_t maxsteps;        /* gradient steps in this chunk */
  double tol_abs;            /* converged once ||r|| <= tol_abs */
  double discrepancy;        /* stop once ||r|| <= discrepancy (0: off) */
  double stalltol;           /* stalled once ||x_k - x_{k-W}||
                                <= stalltol ||x_k|| */
  ptrdiff_t stallwindow;     /* W */
  ptrdiff_t record;          /* record every RECORD iterations */
  int final;                 /* 1: record the last iterate in any case */
  /* Bregman monitor (nref = 0: off): reference solutions z (N-by-nref)
     and the potential of the identical-factor flow.  */
  ptrdiff_t nref;
  const double *reference;
  op_potential potential;
  /* Coordinates whose paths are recorded (0-based).  */
  ptrdiff_t npaths;
  const ptrdiff_t *paths;
} op_gd_params;

/* The resumable state of one run.  u (and v, signed model) hold N entries
   (identical factors) or N*L entries (general factors, column k = factor
   k).  xcheck holds x at the last stall check.  */
typedef struct
{
  double *u, *v;
  double eta;                /* current step (auto) */
  double iter;               /* gradient steps taken so far */
  double energy;             /* E = sum eta_k ||r_k||^2 */
  double *xcheck;
  double nshrink;            /* steps shrunk to keep factors positive */
} op_gd_state;

/* History rows, written from row *count on, at most capacity rows;
   bregman is capacity-by-nref, paths capacity-by-npaths (column-major).  */
typedef struct
{
  ptrdiff_t capacity, count;
  double *iteration, *residual, *loss, *l1norm, *step, *energy;
  double *bregman, *paths;
} op_gd_history;

/* Run at most p->maxsteps steps for y (M entries).  Returns an OP_GD_*
   status or a negative error.  x (N) receives the final iterate and
   *rnorm its residual norm.  */
int op_gd_run (const op_linop *A, const double *y, const op_gd_params *p,
               op_gd_state *s, op_gd_history *h, double *x, double *rnorm);

#endif
