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

## -*- texinfo -*-
## @deftypefn {} {[@var{alpha}, @var{sigma}] =} __opscale__ (@var{A}, @var{Y}, @var{L})
## Scale-aware default initialization shared by @code{opgd} and
## @code{oplimit}.  @var{sigma} estimates the size of the solution's
## entries: with @code{d = A'*y}, the least-squares multiple of @var{d}
## fitting @var{y} is @code{t*d}, @code{t = norm (d)^2 / norm (A*d)^2}, and
## @code{sigma = t * norm (d, Inf)} (the largest over the columns of
## @var{Y}).  The default factor scale is
## @code{alpha = (1e-6 * sigma)^(1/L)}: the product starts at 1e-6 of the
## solution's scale.  Both scale exactly with @var{Y}: @var{sigma} like
## @var{Y}, @code{alpha^L} like @var{Y}.  @var{A} is a matrix or a cell
## @code{@{Afun, Atfun@}}.  For @var{Y} = 0, @var{sigma} is 1.
## @end deftypefn

function [alpha, sigma] = __opscale__ (A, Y, L)

  if (iscell (A))
    D = A{2} (Y);
    AD = A{1} (D);
  else
    D = A' * Y;
    AD = A * D;
  endif
  sigma = max (max (abs (D), [], 1) .* (sumsq (D, 1) ./ sumsq (AD, 1)));
  if (! (sigma > 0 && isfinite (sigma)))
    sigma = 1;
  endif
  alpha = (1e-6 * sigma) ^ (1 / L);

endfunction

%!test
%! A = [1 0 2; 0 1 -1];
%! y = [2; 1];
%! [a1, s1] = __opscale__ (A, y, 3);
%! [a2, s2] = __opscale__ (A, 1e6 * y, 3);
%! assert (s2, 1e6 * s1, 1e-9 * s2);
%! assert (a2 ^ 3, 1e6 * a1 ^ 3, 1e-9 * a2 ^ 3);
%! assert (a1, (1e-6 * s1) ^ (1/3), eps);
%!test
%! ## Exact solution along d: sigma is its largest entry
%! A = eye (3);
%! y = [0; 2; -1];
%! [~, s] = __opscale__ (A, y, 2);
%! assert (s, 2, eps);
%!test
%! [a, s] = __opscale__ (eye (2), zeros (2, 1), 2);
%! assert ([a, s], [sqrt(1e-6), 1]);
%!test
%! A = [1 2; 3 4; 5 6];
%! y = [1; 0; 1];
%! [a1, s1] = __opscale__ (A, y, 2);
%! [a2, s2] = __opscale__ ({@(x) A*x, @(r) A'*r}, y, 2);
%! assert ([a1, s1], [a2, s2], 1e-15);
