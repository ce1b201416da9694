/* overparam: BLAS and LAPACK declarations for the C core.
   Copyright (C) 2026 The overparam developers.  GPL-3.0-or-later.

   The Fortran integer width must match the BLAS that Octave links: 32 bit
   in Debian's Octave, 64 bit (ptrdiff_t) when OP_BLAS_INT64 is defined
   (src/Makefile reads OCTAVE_SIZEOF_F77_INT_TYPE).  Sizes are checked with
   op_blas_fits () before narrowing; hidden string lengths are passed.  */

#ifndef OVERPARAM_BLAS_H
#define OVERPARAM_BLAS_H

#include <stddef.h>
#include <stdint.h>

#ifdef OP_BLAS_INT64
typedef int64_t op_blas_int;
#define OP_BLAS_INT_MAX INT64_MAX
#else
typedef int32_t op_blas_int;
#define OP_BLAS_INT_MAX INT32_MAX
#endif

/* Hidden length of a Fortran CHARACTER argument (gfortran: size_t).  */
typedef size_t op_fortran_len;

/* 1 if every size fits the BLAS integer, else 0.  */
static inline int
op_blas_fits (ptrdiff_t a, ptrdiff_t b)
{
  return a >= 0 && b >= 0 && a <= OP_BLAS_INT_MAX && b <= OP_BLAS_INT_MAX
         && (b == 0 || a <= PTRDIFF_MAX / b);
}

extern void dgemv_ (const char *trans, const op_blas_int *m,
                    const op_blas_int *n, const double *alpha,
                    const double *a, const op_blas_int *lda,
                    const double *x, const op_blas_int *incx,
                    const double *beta, double *y, const op_blas_int *incy,
                    op_fortran_len trans_len);

extern void dgemm_ (const char *transa, const char *transb,
                    const op_blas_int *m, const op_blas_int *n,
                    const op_blas_int *k, const double *alpha,
                    const double *a, const op_blas_int *lda,
                    const double *b, const op_blas_int *ldb,
                    const double *beta, double *c, const op_blas_int *ldc,
                    op_fortran_len transa_len, op_fortran_len transb_len);

extern void dsyrk_ (const char *uplo, const char *trans,
                    const op_blas_int *n, const op_blas_int *k,
                    const double *alpha, const double *a,
                    const op_blas_int *lda, const double *beta, double *c,
                    const op_blas_int *ldc,
                    op_fortran_len uplo_len, op_fortran_len trans_len);

extern void dpotrf_ (const char *uplo, const op_blas_int *n, double *a,
                     const op_blas_int *lda, op_blas_int *info,
                     op_fortran_len uplo_len);

extern void dpotrs_ (const char *uplo, const op_blas_int *n,
                     const op_blas_int *nrhs, const double *a,
                     const op_blas_int *lda, double *b,
                     const op_blas_int *ldb, op_blas_int *info,
                     op_fortran_len uplo_len);

extern void ssyrk_ (const char *uplo, const char *trans,
                    const op_blas_int *n, const op_blas_int *k,
                    const float *alpha, const float *a,
                    const op_blas_int *lda, const float *beta, float *c,
                    const op_blas_int *ldc,
                    op_fortran_len uplo_len, op_fortran_len trans_len);

extern void spotrf_ (const char *uplo, const op_blas_int *n, float *a,
                     const op_blas_int *lda, op_blas_int *info,
                     op_fortran_len uplo_len);

extern void dtrmv_ (const char *uplo, const char *trans, const char *diag,
                    const op_blas_int *n, const double *a,
                    const op_blas_int *lda, double *x,
                    const op_blas_int *incx, op_fortran_len uplo_len,
                    op_fortran_len trans_len, op_fortran_len diag_len);

extern void dsyev_ (const char *jobz, const char *uplo, const op_blas_int *n,
                    double *a, const op_blas_int *lda, double *w,
                    double *work, const op_blas_int *lwork,
                    op_blas_int *info,
                    op_fortran_len jobz_len, op_fortran_len uplo_len);

extern double ddot_ (const op_blas_int *n, const double *x,
                     const op_blas_int *incx, const double *y,
                     const op_blas_int *incy);

extern double dnrm2_ (const op_blas_int *n, const double *x,
                      const op_blas_int *incx);

#endif
