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

## Test suite of the Bregman divergence and the potentials (DESIGN.md 1.2),
## for every row of the table: both models, L = 1, 2, 3, 5, alpha scalar
## and per coordinate; plus alpha = 1e-12 and L = 10.  The C core is
## reached through __opbregman__, the M reference __oppotential__ through
## pot () below (a private function, called from its folder).
## Run by tests/runtests.m: octave-cli tests/runtests.m bregman

%!function varargout = pot (varargin)
%!  ## __oppotential__ is private to inst/: call it from its folder
%!  here = pwd ();
%!  unwind_protect
%!    cd (fullfile (fileparts (which ("opbregman")), "private"));
%!    [varargout{1:max (1, nargout)}] = __oppotential__ (varargin{:});
%!  unwind_protect_cleanup
%!    cd (here);
%!  end_unwind_protect
%!endfunction

%!function rows = table_rows ()
%!  ## {model, L, alpha} for every row of the table, alpha scalar and per
%!  ## coordinate (N = 40)
%!  rows = {};
%!  for m = {"signed", "nonnegative"}
%!    for L = [1 2 3 5]
%!      rows(end+1,:) = {m{1}, L, 0.3};
%!      rows(end+1,:) = {m{1}, L, logspace(-2, 0, 40)'};
%!    endfor
%!  endfor
%!endfunction

%!function [z, x] = pairs (model, seed)
%!  ## 40-by-6 pairs: magnitudes 1e-3..1e3, ratios z/x from 1 + 1e-12 to
%!  ## 1e3 (near and far evaluations), sign changes and zeros of z
%!  rand ("state", seed);
%!  x = 10 .^ (6 * rand (40, 6) - 3);
%!  r = [1 + 1e-12, 1 + 1e-6, 1.05, 0.7, 2, 1e3];
%!  z = x .* r;
%!  z(1:3, :) = 0;
%!  z(4:8, :) = x(4:8, :);
%!  if (strcmp (model, "signed"))
%!    x(20:30, :) *= -1;
%!    z(25:35, :) *= -1;
%!  endif
%!endfunction

## D >= 0, and D = 0 exactly where z = x (per coordinate and in total)
%!test
%! R = table_rows ();
%! for i = 1:rows (R)
%!   [m, L, a] = R{i,:};
%!   [z, x] = pairs (m, i);
%!   [D, parts] = opbregman (z, x, "model", m, "depth", L, "init", a);
%!   assert (all (parts(z != x) > 0), "%s L=%d: a positive term", m, L);
%!   assert (all (parts(z == x) == 0), "%s L=%d: a zero term", m, L);
%!   assert (all (D > 0) && D == sum (parts));
%!   assert (opbregman (x, x, "model", m, "depth", L, "init", a), zeros (1, 6));
%! endfor

## grad_z D (z, x) = grad F (z) - grad F (x), by central differences with
## relative step h = 1e-6: truncation h^2 |F'''| z^2 / 6 ~ 1e-12 and
## rounding eps D / (h z) ~ 1e-10 relative to |theta_z - theta_x| when
## z / x is 2 or more (or of the other sign), so 1e-7 can only fail on a
## wrong formula
%!test
%! R = table_rows ();
%! for i = 1:rows (R)
%!   [m, L, a] = R{i,:};
%!   rand ("state", 100 + i);
%!   x = 10 .^ (4 * rand (40, 1) - 2);
%!   z = x .* (2 + 3 * rand (40, 1));
%!   if (strcmp (m, "signed"))
%!     z(1:2:end) *= -1;
%!   endif
%!   h = 1e-6 * abs (z);
%!   [~, pp] = opbregman (z + h, x, "model", m, "depth", L, "init", a);
%!   [~, pm] = opbregman (z - h, x, "model", m, "depth", L, "init", a);
%!   g = pot ("grad", m, L, a, z) - pot ("grad", m, L, a, x);
%!   assert ((pp - pm) ./ (2 * h), g, 1e-7 * abs (g));
%! endfor

## The closed forms against the definition z (theta_z - theta_x) -
## Phi (theta_z) + Phi (theta_x), at ratios 2..10 and moderate values where
## the definition cancels by a factor below ~100: 1e-12 relative
%!test
%! R = table_rows ();
%! for i = 1:rows (R)
%!   [m, L, a] = R{i,:};
%!   rand ("state", 200 + i);
%!   x = 10 .^ (2 * rand (40, 1) - 1);
%!   if (strcmp (m, "signed") && L >= 3)
%!     ## Phi (theta) from theta cancels in a - (L-2) theta once x >>
%!     ## alpha^L: keep the definition where it is accurate
%!     x .*= a .^ L;
%!   endif
%!   z = x .* (2 + 8 * rand (40, 1));
%!   if (strcmp (m, "signed"))
%!     x(1:3:end) *= -1;
%!   endif
%!   tz = pot ("grad", m, L, a, z);
%!   tx = pot ("grad", m, L, a, x);
%!   Dref = z .* (tz - tx) - pot ("conj", m, L, a, tz) ...
%!          + pot ("conj", m, L, a, tx);
%!   [~, parts] = opbregman (z, x, "model", m, "depth", L, "init", a);
%!   assert (parts, Dref, 1e-12 * Dref);
%! endfor

## Round trip psi (grad F (x)) = x to 1e-12 relative, x spanning 1e-30 to
## 1e30, in C and in M.  Where the model admits it: psi is evaluated from
## theta, and in the signed model with L >= 3 theta near a / (L-2) carries
## x with condition number about p |tau| / (1 - |tau|); entries where that
## exceeds 1e3 (so that eps times it is above 2e-13) are left out, and only
## there (for every other row all entries are kept)
%!test
%! R = table_rows ();
%! for i = 1:rows (R)
%!   [m, L, a] = R{i,:};
%!   x = 10 .^ (-30:30)';
%!   if (strcmp (m, "signed"))
%!     x = [x; -x; 0];
%!   endif
%!   if (! isscalar (a))
%!     a = logspace (-2, 0, numel (x))';
%!   endif
%!   a = a .* ones (size (x));
%!   for engine = {"c", "m"}
%!     if (strcmp (engine{1}, "c"))
%!       th = __opbregman__ ("grad", m, L, a, x);
%!     else
%!       th = pot ("grad", m, L, a, x);
%!     endif
%!     keep = true (size (x));
%!     if (strcmp (m, "signed") && L >= 3)
%!       tau = abs (th .* (L - 2) .* a .^ (L - 2));
%!       keep = tau < 1 & L / (L - 2) * tau ./ (1 - tau) <= 1e3;
%!       assert (nnz (keep) >= 40);
%!     endif
%!     if (strcmp (engine{1}, "c"))
%!       xx = __opbregman__ ("psi", m, L, a(keep), th(keep));
%!     else
%!       xx = pot ("psi", m, L, a(keep), th(keep));
%!     endif
%!     assert (xx, x(keep), 1e-12 * abs (x(keep)));
%!   endfor
%! endfor

## C and M agree to 1e-12 relative: D and its terms (near and far pairs),
## grad, psi, psi', conj and init
%!test
%! R = table_rows ();
%! for i = 1:rows (R)
%!   [m, L, a] = R{i,:};
%!   [z, x] = pairs (m, 300 + i);
%!   z = z .* 10 .^ (27 * (2 * rand (40, 1) - 1));
%!   x = x .* 10 .^ (27 * (2 * rand (40, 1) - 1));
%!   [D1, p1] = opbregman (z, x, "model", m, "depth", L, "init", a);
%!   [D2, p2] = opbregman (z, x, "model", m, "depth", L, "init", a,
%!                         "engine", "m");
%!   assert (D1, D2, 1e-12 * D1);
%!   assert (p1, p2, 1e-12 * p1);
%!   th1 = __opbregman__ ("grad", m, L, a, x);
%!   th2 = pot ("grad", m, L, a, x);
%!   assert (th1, th2, 1e-12 * abs (th1));
%!   if (strcmp (m, "signed") && L >= 3)
%!     th1 = th1 .* (1 - 1e-3);    # away from the rim |tau| -> 1
%!   endif
%!   [x1, d1] = __opbregman__ ("psi", m, L, a, th1);
%!   [x2, d2] = pot ("psi", m, L, a, th1);
%!   assert (x1, x2, 1e-12 * abs (x1));
%!   assert (d1, d2, 1e-12 * abs (d1));
%!   c1 = __opbregman__ ("conj", m, L, a, th1);
%!   assert (c1, pot ("conj", m, L, a, th1), 1e-12 * abs (c1));
%!   t1 = __opbregman__ ("init", m, L, a, 40);
%!   assert (t1, pot ("init", m, L, a, 40), 1e-12 * abs (t1));
%! endfor

## alpha = 1e-12 and L = 10: finite, positive, C = M; x(0) = alpha^L =
## 1e-120 does not underflow into a wrong theta_0
%!test
%! e = linspace (-30, 30, 40)';
%! for m = {"signed", "nonnegative"}
%!   x = 10 .^ e;
%!   z = 10 .^ flipud (e);
%!   if (strcmp (m{1}, "signed"))
%!     x(1:2:end) *= -1;
%!   endif
%!   [D1, p1] = opbregman (z, x, "model", m{1}, "depth", 10, "init", 1e-12);
%!   [D2, p2] = opbregman (z, x, "model", m{1}, "depth", 10, "init", 1e-12,
%!                         "engine", "m");
%!   assert (isfinite (D1) && D1 > 0 && all (isfinite (p1)) && all (p1 > 0));
%!   assert (D1, D2, 1e-12 * D1);
%!   th = __opbregman__ ("grad", m{1}, 10, 1e-12, x);
%!   assert (all (isfinite (th)));
%!   t0 = __opbregman__ ("init", m{1}, 10, 1e-12, 3);
%!   if (strcmp (m{1}, "signed"))
%!     assert (t0, zeros (3, 1));
%!   else
%!     assert (t0, -ones (3, 1) * 1e96 / 8, 1e-14 * 1e96 / 8);
%!   endif
%! endfor

## D near z = x: the quadrature gives the second-order remainder to full
## relative accuracy where the closed forms cancel completely:
## D = F''(x) d^2 / 2 (1 + O(d / x)) for d = 1e-12 x
%!test
%! x = [0.5; 2; 7];
%! z = x * (1 + 1e-12);
%! d = z - x;
%! D = opbregman (z, x, "model", "nonnegative", "depth", 2);
%! assert (D, sum (d .^ 2 ./ (4 * x)), 1e-10 * D);
%! D = opbregman (z, x, "model", "nonnegative", "depth", 4);
%! assert (D, sum (d .^ 2 .* x .^ (-6/4) / 8), 1e-10 * D);
%! D = opbregman (z, x, "model", "signed", "depth", 2, "init", 0.1);
%! assert (D, sum (d .^ 2 ./ (4 * hypot (x, 0.02))), 1e-10 * D);

## Signed L = 2 far outside 1e-30..1e30: z and x decades apart must give a
## finite, non-negative divergence in C and M alike (asinh differences as
## differences of logs; no product (z - x)(z + x) that overflows).
%!test
%! z = [1; 2; 3; 1e300];
%! x = [1e-300; 1e300; 1; 2];
%! for engine = {"c", "m"}
%!   [D, P] = opbregman (z, x, "model", "signed", "depth", 2, "init", 1e-3,
%!                       "engine", engine{1});
%!   assert (all (isfinite (P)) && all (P >= 0));
%!   ## x = 1e300 against z = 2: D ~ (x - z)/2 to first order
%!   assert (P(2), 5e299, 1e-12 * 5e299);
%! endfor
