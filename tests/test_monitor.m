## Copyright (C) 2026 The overparam developers
##
## This file is part of overparam.
##
## overparam is free software: you can redistribute it and/or modify it
## under the terms of the GNU General Public License as published by the
## Free Software Foundation, either version 3 of the License, or (at your
## option) any later version.
##
## overparam is distributed in the hope that it will be useful, but WITHOUT
## ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or
## FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
## for more details.
##
## You should have received a copy of the GNU General Public License along
## with overparam; see the file COPYING.  If not, see
## <https://www.gnu.org/licenses/>.

## Test suite of the Bregman monitor along opgd (DESIGN.md 1.2): for every
## exact solution z, d/dt D_F (z, x (t)) = -||A x - y||^2 along the flow.
## Gradient descent with a small fixed step follows the flow closely, so
##  * D_t = D_F (z, x_t) never increases,
##  * the conservation defect |D_t + E_t - D_0| / D_0 stays <= 5 %,
##  * for two solutions z1, z2, D_t (z1) - D_t (z2) stays constant to 5 %
##    of D_0 (z1),
## in both models for L = 2, 3, 4 (N = 60, M = 25, s = 3, alpha = 0.1,
## step 0.01 / L, 20000 iterations).  Measured: defects <= 0.7 %, drift of
## the difference <= 0.04 % of D_0; a wrong sign, scale or potential in the
## monitor gives defects of order one.
## Run by tests/runall.m: octave-cli tests/runall.m monitor

%!function z2 = second_solution (A, y, x0, model)
%!  ## Another exact solution at distance 1 from x0: a null-space step in
%!  ## the signed model; in the non-negative model a step towards a vertex
%!  ## of {A z = y, 0 <= z <= 5} (glpk), so that z2 stays non-negative
%!  [M, N] = size (A);
%!  old = randn ("state");
%!  randn ("state", 7);
%!  c = randn (N, 1);
%!  randn ("state", old);
%!  if (strcmp (model, "signed"))
%!    v = null (A) * c(1:N-M);
%!  else
%!    zl = glpk (c, A, y, zeros (N, 1), 5 * ones (N, 1), repmat ("S", M, 1),
%!               repmat ("C", N, 1), 1);
%!    v = max (zl, 0) - x0;
%!  endif
%!  z2 = x0 + v / norm (v);
%!endfunction

%!function check_monitor (model, L)
%!  [A, y, x0] = opproblem (25, 60, 3, "model", model, "seed", 1);
%!  z2 = second_solution (A, y, x0, model);
%!  assert (norm (A * z2 - y) < 1e-12 && norm (z2 - x0) > 0.99);
%!  assert (strcmp (model, "signed") || all (z2 >= 0));
%!  opts = {"model", model, "depth", L, "init", 0.1};
%!  [x, info] = opgd (A, y, opts{:}, "step", 0.01 / L, "reference", [x0, z2],
%!                    "maxiter", 20000, "record", 20, "tol", 1e-6);
%!  h = info.history;
%!  D = h.bregman;
%!  assert (size (D), [numel(h.iteration), 2]);
%!  ## the run went somewhere: D (x0) fell by more than a factor 10
%!  assert (D(end,1) < D(1,1) / 10, "%s L=%d: D barely moved", model, L);
%!  ## the recorded monitor is opbregman of the iterate (same alpha); the
%!  ## engine may work in rescaled units, so 1e-10 relative, not eps
%!  assert (D(end,:), opbregman ([x0, z2], x, opts{:}), 1e-10 * D(end,:));
%!  x_start = 0.1 ^ L * (model(1) == "n") * ones (60, 1);
%!  assert (D(1,:), opbregman ([x0, z2], x_start, opts{:}),
%!          1e-10 * D(1,:));
%!  ## D_t never increases
%!  assert (all (diff (D) <= 0), "%s L=%d: D_t increased", model, L);
%!  ## conservation D_t + E_t = D_0 to 5 %, for both solutions
%!  defect = abs (D + h.energy - D(1,:)) ./ D(1,:);
%!  assert (max (defect(:)) <= 0.05, "%s L=%d: defect %g", model, L,
%!          max (defect(:)));
%!  ## the difference between two solutions is constant
%!  dif = D(:,1) - D(:,2);
%!  assert (max (abs (dif - dif(1))) <= 0.05 * D(1,1),
%!          "%s L=%d: D(z1) - D(z2) drifted", model, L);
%!endfunction

%!test check_monitor ("signed", 2);
%!test check_monitor ("signed", 3);
%!test check_monitor ("signed", 4);
%!test check_monitor ("nonnegative", 2);
%!test check_monitor ("nonnegative", 3);
%!test check_monitor ("nonnegative", 4);
