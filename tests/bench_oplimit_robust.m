## Robustness sweep of oplimit (make bench): how many solves converge to
## the tolerance (1e-12), with the corrected steps alone (REUSE 2 of
## __oplimit__, what oplimit tries first) and through oplimit with its
## fallbacks (chord steps, then a fresh factor every step), and how many
## Newton steps they take.  Not a timing: counts only.
##   clean: opproblem instances (M, N, s) = (100, 256, 10), (50, 200, 5),
##     (200, 512, 20), both models, seeds 1-3, L = 2..10, alpha =
##     1e-1..1e-12 (1944 solves);
##   noisy: (30, 80, 4) and (60, 150, 4), both models, seeds 1-6, L in
##     {2, 3, 4, 6, 10}, alpha in {1e-2, 1e-4, 1e-6, 1e-9, 1e-12}, each
##     with exact data and with perturbed data (signed: y plus Gaussian
##     noise of 1e-3 of norm (y) / sqrt (M); non-negative: a dense
##     positive perturbation of x0 on 30% of the entries) (1200 solves).

1;

function report (name, st, flags)
  printf (["%-6s reuse 2: %4d solves, %3d not converged, Newton steps ", ...
           "mean %.1f (median %d, max %d); oplimit: %3d not converged\n"],
          name, rows (st), sum (st(:,7) != 1), mean (st(:,1)),
          median (st(:,1)), max (st(:,1)), sum (flags != 1));
endfunction

warning ("off", "overparam:oplimit:notConverged");
st = zeros (0, 7);
flags = [];
sizes = [100 256 10; 50 200 5; 200 512 20];
for k = 1:rows (sizes)
  for model = {"signed", "nonnegative"}
    sg = double (strcmp (model{1}, "signed"));
    for seed = 1:3
      [A, y] = opproblem (sizes(k,1), sizes(k,2), sizes(k,3), "seed", seed,
                          "model", model{1});
      for L = 2:10
        for la = -1:-1:-12
          [~, ~, s] = __oplimit__ (A, y, L, sg, 10^la, 1e-12, 200, 2);
          st(end+1,:) = s;
          if (s(7) != 1)
            [~, info] = oplimit (A, y, "depth", L, "model", model{1},
                                 "init", 10^la);
            flags(end+1) = info.exitflag;
          endif
        endfor
      endfor
    endfor
  endfor
endfor
report ("clean", st, flags);

st = zeros (0, 7);
flags = [];
for sz = [30 80; 60 150]'
  for model = {"signed", "nonnegative"}
    sg = double (strcmp (model{1}, "signed"));
    for seed = 1:6
      [A, y, x0] = opproblem (sz(1), sz(2), 4, "seed", seed,
                              "model", model{1});
      randn ("seed", seed);
      rand ("seed", seed);
      if (sg)
        yn = y + 1e-3 * norm (y) / sqrt (sz(1)) * randn (size (y));
      else
        yn = A * (abs (x0)
                  + 0.02 * rand (sz(2), 1) .* (rand (sz(2), 1) < 0.3));
      endif
      for L = [2 3 4 6 10]
        for a = [1e-2 1e-4 1e-6 1e-9 1e-12]
          Y = [y, yn];
          [~, ~, s] = __oplimit__ (A, Y, L, sg, a, 1e-12, 200, 2);
          st(end+(1:2),:) = s;
          for c = find (s(:,7)' != 1)
            [~, info] = oplimit (A, Y(:,c), "depth", L,
                                 "model", model{1}, "init", a);
            flags(end+1) = info.exitflag;
          endfor
        endfor
      endfor
    endfor
  endfor
endfor
report ("noisy", st, flags);
