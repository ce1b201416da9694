/* overparam: products with the measurement operator A (dense through
   BLAS, sparse CSC natively).
   Copyright (C) 2026 The overparam developers.  GPL-3.0-or-later.  */

#include "linop.h"
#include "blas.h"

int
op_linop_check (const op_linop *A)
{
  if (A->a)
    return op_blas_fits (A->m, A->n) ? OP_LINOP_OK : OP_LINOP_TOOBIG;
  return OP_LINOP_OK;
}

void
op_linop_apply (const op_linop *A, const double *x, double *out)
{
  ptrdiff_t i, j;

  if (A->m == 0)
    return;
  if (A->a)
    {
      const op_blas_int m = (op_blas_int) A->m, n = (op_blas_int) A->n;
      const op_blas_int one = 1;
      const double done = 1.0, dzero = 0.0;
      if (n == 0)
        {
          for (i = 0; i < A->m; i++)
            out[i] = 0.0;
          return;
        }
      dgemv_ ("N", &m, &n, &done, A->a, &m, x, &one, &dzero, out, &one, 1);
      return;
    }

  for (i = 0; i < A->m; i++)
    out[i] = 0.0;
  for (j = 0; j < A->n; j++)
    {
      const double xj = x[j];
      if (xj == 0.0)
        continue;
      for (int64_t p = A->colptr[j]; p < A->colptr[j + 1]; p++)
        out[A->rowind[p]] += A->val[p] * xj;
    }
}

void
op_linop_adjoint (const op_linop *A, const double *r, double *out)
{
  ptrdiff_t j;

  if (A->n == 0)
    return;
  if (A->a)
    {
      const op_blas_int m = (op_blas_int) A->m, n = (op_blas_int) A->n;
      const op_blas_int one = 1;
      const double done = 1.0, dzero = 0.0;
      if (m == 0)
        {
          for (j = 0; j < A->n; j++)
            out[j] = 0.0;
          return;
        }
      dgemv_ ("T", &m, &n, &done, A->a, &m, r, &one, &dzero, out, &one, 1);
      return;
    }

  for (j = 0; j < A->n; j++)
    {
      double s = 0.0;
      for (int64_t p = A->colptr[j]; p < A->colptr[j + 1]; p++)
        s += A->val[p] * r[A->rowind[p]];
      out[j] = s;
    }
}
