## Measurement behind opgd's defaults (make bench): 20 noiseless Gaussian
## instances per model (N = 200, M = 80, s = 8), default options: exit
## flags, relative errors, iterations and times; then "more is less":
## depth 3 against depth 2 at the same factor scale 1e-2.

for model = {"signed", "nonnegative"}
  E = T = I = F = zeros (1, 20);
  e2 = e3 = zeros (1, 20);
  for seed = 1:20
    [A, y, x0] = opproblem (80, 200, 8, "seed", seed, "model", model{1});
    [x, info] = opgd (A, y, "model", model{1});
    E(seed) = norm (x - x0) / norm (x0);
    T(seed) = info.time;
    I(seed) = info.iterations;
    F(seed) = info.exitflag;
    x2 = opgd (A, y, "depth", 2, "init", 1e-2, "model", model{1});
    x3 = opgd (A, y, "depth", 3, "init", 1e-2, "model", model{1});
    e2(seed) = norm (x2 - x0) / norm (x0);
    e3(seed) = norm (x3 - x0) / norm (x0);
  endfor
  printf (["opgd defaults, %s: exit flags %s; ", ...
           "relative error median %.2e, max %.2e;\n"],
          model{1}, mat2str (unique (F)), median (E), max (E));
  printf ("  iterations median %d, max %d; time median %.2f s, max %.2f s\n",
          median (I), max (I), median (T), max (T));
  printf (["  alpha = 1e-2: L = 3 closer to x0 than L = 2 in %d of 20; ", ...
           "median errors %.2e (L = 2), %.2e (L = 3)\n"],
          sum (e3 < e2), median (e2), median (e3));
endfor
