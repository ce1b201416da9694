## Benchmark of the opgd engines at M = 100, N = 256 (issue: C time per
## iteration <= 1.5x one A*x plus one A'*r in Octave, and >= 5x faster than
## the M engine).  Everything is timed in this process; the ratios are
## what counts, not the seconds.

[A, y] = opproblem (100, 256, 10, "seed", 1);
x = randn (256, 1);
r = randn (100, 1);

## Baseline: one A*x plus one A'*r, the two products of a gradient step
reps = 20000;
best = Inf;
for trial = 1:5
  t = tic ();
  for k = 1:reps
    z = A * x;
    w = A' * r;
  endfor
  best = min (best, toc (t) / reps);
endfor
base = best;

## Fixed step: exactly one A*x and one A'*r per iteration
o = opset ("init", 0.05, "step", 1e-3, "tol", 0, "stalltol", 0,
           "record", 100);
iters_c = 50000;
iters_m = 2000;
tc = Inf;
for trial = 1:3
  [~, info] = opgd (A, y, o, "maxiter", iters_c);
  tc = min (tc, info.time / info.iterations);
endfor
[~, info] = opgd (A, y, o, "maxiter", iters_m, "engine", "m");
tm = info.time / info.iterations;

## Adaptive step (the default): extra products after rejected trials
ta = Inf;
for trial = 1:3
  [~, ia] = opgd (A, y, "tol", 0, "stalltol", 0, "maxiter", iters_c,
                  "record", 100);
  ta = min (ta, ia.time / ia.iterations);
endfor
[~, iam] = opgd (A, y, "tol", 0, "stalltol", 0, "maxiter", iters_m,
                 "record", 100, "engine", "m");
tam = iam.time / iam.iterations;

printf ("opgd M=100 N=256: A*x + A'*r in Octave  %8.2f us\n", 1e6 * base);
printf (["  fixed step: C %8.2f us/iter (%.2fx baseline), ", ...
         "M %8.2f us/iter, M/C %.1fx\n"],
        1e6 * tc, tc / base, 1e6 * tm, tm / tc);
printf (["  auto step:  C %8.2f us/iter (%.2fx baseline), ", ...
         "M %8.2f us/iter, M/C %.1fx\n"],
        1e6 * ta, ta / base, 1e6 * tam, tam / ta);
printf ("  targets: C <= 1.5x baseline; M/C >= 5x\n");

## Larger matrices: above 2^18 entries the C engine sweeps A once per
## step in column blocks (g_B = A_B' r and A_B x1_B while the block is in
## cache) instead of two separate products.
for sz = [600 2048; 1500 6000]'
  [A, y] = opproblem (sz(1), sz(2), 10, "seed", 1);
  x = randn (sz(2), 1);
  r = randn (sz(1), 1);
  reps = max (100, round (2e8 / numel (A)));
  best = Inf;
  for trial = 1:3
    t = tic ();
    for k = 1:reps
      z = A * x;
      w = A' * r;
    endfor
    best = min (best, toc (t) / reps);
  endfor
  [~, info] = opgd (A, y, "init", 0.05, "step", 1e-4, "tol", 0,
                    "stalltol", 0, "record", 100, "maxiter", reps);
  tc = info.time / info.iterations;
  printf (["opgd M=%d N=%d: A*x + A'*r %9.1f us, ", ...
           "C fixed step %9.1f us/iter (%.2fx)\n"],
          sz(1), sz(2), 1e6 * best, 1e6 * tc, tc / best);
endfor
