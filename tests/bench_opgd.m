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
[~, ia] = opgd (A, y, "tol", 0, "stalltol", 0, "maxiter", iters_c, "record", 100);
ta = ia.time / ia.iterations;
[~, iam] = opgd (A, y, "tol", 0, "stalltol", 0, "maxiter", iters_m, "record", 100, "engine", "m");
tam = iam.time / iam.iterations;

printf ("opgd M=100 N=256: A*x + A'*r in Octave  %8.2f us\n", 1e6 * base);
printf ("  fixed step: C %8.2f us/iter (%.2fx baseline), M %8.2f us/iter, M/C %.1fx\n",
        1e6 * tc, tc / base, 1e6 * tm, tm / tc);
printf ("  auto step:  C %8.2f us/iter (%.2fx baseline), M %8.2f us/iter, M/C %.1fx\n",
        1e6 * ta, ta / base, 1e6 * tam, tam / ta);
printf ("  targets: C <= 1.5x baseline; M/C >= 5x\n");
