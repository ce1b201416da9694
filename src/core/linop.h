/* overparam: the measurement operator A of the C core, dense or sparse.
   Copyright (C) 2026 The overparam developers.  GPL-3.0-or-later.  */

#ifndef OVERPARAM_LINOP_H
#define OVERPARAM_LINOP_H

#include <stddef.h>
#include <stdint.h>

/* A is M-by-N: dense column-major (a != NULL, lda = M) or compressed
   sparse columns (colptr[N+1], rowind, val; 0-based, as Octave stores
   them; Octave's mwIndex is int64_t).  */
typedef struct
{
  ptrdiff_t m, n;
  const double *a;
  const int64_t *colptr;
  const int64_t *rowind;
  const double *val;
} op_linop;

enum { OP_LINOP_OK = 0, OP_LINOP_TOOBIG = 1 };

/* 1 if the dense sizes fit the BLAS integer.  */
int op_linop_check (const op_linop *A);

/* out = A x  (M entries).  */
void op_linop_apply (const op_linop *A, const double *x, double *out);

/* out = A' r  (N entries).  */
void op_linop_adjoint (const op_linop *A, const double *r, double *out);

#endif
