/* overparam: the mirror-flow potentials F of DESIGN.md 1.2.
   Copyright (C) 2026 The overparam developers.  GPL-3.0-or-later.

   For the non-negative and signed models and depth L >= 1, with the
   factor scale alpha scalar or per coordinate:
     theta = grad F (x),  x = psi (theta),  psi' (theta),
     Phi (theta) = F* (theta)  (Phi' = psi),
     D_F (z, x) = sum_i z_i (theta_z - theta_x) - Phi (theta_z) + Phi (theta_x).
   All functions work entrywise on n entries and return OP_POT_OK or an
   error code; they never call Octave.  */

#ifndef OVERPARAM_POTENTIAL_H
#define OVERPARAM_POTENTIAL_H

#include <stddef.h>

typedef enum { OP_NONNEGATIVE = 0, OP_SIGNED = 1 } op_model;

enum
{
  OP_POT_OK = 0,
  OP_POT_DOMAIN = 1,    /* x (or theta) outside the potential's domain */
  OP_POT_ARGS = 2       /* bad model, depth or alpha */
};

/* A potential: model, depth, and alpha[i * alpha_stride] for entry i
   (alpha_stride = 0 for a scalar alpha).  alpha matters for the signed
   model (L >= 2) and for the initialization theta_0 = grad F (alpha^L);
   elsewhere it may be NULL.

   Domains (anything else, and NaN or Inf, gives OP_POT_DOMAIN): x real
   for L = 1 in both models (the non-negative model has no constraint at
   L = 1, DESIGN.md 1.1) and in the signed model; x >= 0 in the
   non-negative model for L >= 2, where grad F (0) = -Inf and psi (-Inf) =
   0.  theta: any real, except theta < 0 (non-negative, L >= 3) and
   |theta| < alpha^(2-L) / (L-2) (signed, L >= 3).

   Accuracy: a few ulp for grad, psi and Phi where they are well
   conditioned; D_F to about 1e-13 relative (see potential.c).  In the
   signed model with L >= 3, theta for |x| >> alpha^L lies within
   rounding of the rim a / (L-2) and carries x only to relative accuracy
   about p eps |x / alpha^L|^(1/p), p = L / (L-2); grad F returns the
   nearest theta inside the rim, so psi (grad F (x)) never fails.
   op_bregman works from x and z directly and does not lose that
   accuracy.  */
typedef struct
{
  op_model model;
  int depth;
  const double *alpha;
  ptrdiff_t alpha_stride;
} op_potential;

/* theta = grad F (x).  */
int op_potential_grad (const op_potential *p, ptrdiff_t n, const double *x,
                       double *theta);

/* x = psi (theta); dpsi = psi' (theta) unless dpsi is NULL.  */
int op_potential_psi (const op_potential *p, ptrdiff_t n,
                      const double *theta, double *x, double *dpsi);

/* phi[i] = Phi (theta_i).  */
int op_potential_conj (const op_potential *p, ptrdiff_t n,
                       const double *theta, double *phi);

/* theta_0 = grad F (x (0)) of the identical-factor initialization
   (product alpha^L, or 0 in the signed model), computed without forming
   alpha^L where that would underflow.  */
int op_potential_init (const op_potential *p, ptrdiff_t n, double *theta0);

/* *d = D_F (z, x), and terms[i] the per-coordinate terms unless terms is
   NULL.  z_i = 0 in the non-negative model is taken by its limit.  */
int op_bregman (const op_potential *p, ptrdiff_t n, const double *z,
                const double *x, double *d, double *terms);

#endif
