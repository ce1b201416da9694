## Benchmark of oplimit (make bench): the exact limit on Gaussian
## instances, timed in this process against baselines (one A*A' and one
## A\y, the work of a single Newton step and of a least-squares solve).
## Targets (issue 4): N = 256, M = 100, s = 10 in <= 5 ms; N = 2048,
## M = 600, s = 60 in <= 0.15 s on one core, relative error <= 1e-8 to
## x0.  One core: start Octave with OMP_NUM_THREADS=1
## OPENBLAS_NUM_THREADS=1 (BLAS reads them when it is loaded).
## Depth 3 and alpha = 1e-4: the limit is then within 1e-10 of x0 (the
## l1 gap falls like alpha^L on these instances); the default alpha
## (product 1e-6 of the solution's scale) leaves it 1e-6 away.
## The cost is 12-13 Newton steps; for N = 2048 it is dominated by
## assembling A_Z diag (chi') A_Z' and its Cholesky factor, in single
## precision (ssyrk, spotrf): one full assembly, 10-11 factorizations
## of M^3/3 and about 1500 columns re-assembled during the 8-9 damped
## steps of the first stage, 1.0-1.6 times one A*A' (in double) in all.
## The 0.15 s target assumes an A*A' of about 50 ms.  OpenBLAS picks
## its kernels from the CPU model; on a virtual machine that hides it,
## it may run its generic ("Prescott") kernels, and runbench.m prints
## which.  Measured on the development VM (AVX-512, one core): A*A'
## 66 ms with the generic kernels and 18 ms with
## OPENBLAS_CORETYPE=SkylakeX; oplimit 140-190 ms and 100-120 ms
## (medians of 5 or 11 runs; best of 10 in a C driver: 118-130 ms and
## 85-94 ms).

1;

function [t, tbest] = run_time (f, reps)
  ## Median and best of REPS runs after one warm-up run (the median is
  ## the typical time; the best is the least disturbed by other load,
  ## which on a shared virtual machine varies by a third).
  f ();
  ts = zeros (reps, 1);
  for i = 1:reps
    t0 = tic ();
    f ();
    ts(i) = toc (t0);
  endfor
  t = median (ts);
  tbest = min (ts);
endfunction

function r = ifelse_reps (N)
  if (N > 1000)
    r = 11;
  else
    r = 21;
  endif
endfunction

printf ("threads: OMP_NUM_THREADS=%s OPENBLAS_NUM_THREADS=%s\n",
        getenv ("OMP_NUM_THREADS"), getenv ("OPENBLAS_NUM_THREADS"));
cases = {256, 100, 10, 5e-3; 2048, 600, 60, 0.15};
for c = 1:rows (cases)
  [N, M, s, target] = cases{c,:};
  for model = {"signed", "nonnegative"}
    [A, y, x0] = opproblem (M, N, s, "seed", 1, "model", model{1});
    o = {"depth", 3, "model", model{1}, "init", 1e-4};
    reps = ifelse_reps (N);
    [t, tb] = run_time (@() oplimit (A, y, o{:}), reps);
    [x, info] = oplimit (A, y, o{:});
    tg = run_time (@() A * A', reps);
    tl = run_time (@() A \ y, reps);
    printf (["oplimit N=%d M=%d s=%d %-11s time %.2f ms (best %.2f; ", ...
             "target %.0f ms) = %.1f x A*A' = %.1f x A\\y; Newton steps ", ...
             "%d, stages %d, factorizations %d; residual %.1e, error to ", ...
             "x0 %.1e\n"],
            N, M, s, model{1}, 1e3 * t, 1e3 * tb, 1e3 * target, t / tg,
            t / tl,
            info.iterations, info.stages, info.factorizations,
            info.residual, norm (x - x0) / norm (x0));
  endfor
endfor
