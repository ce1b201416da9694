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
## @deftypefn  {} {@var{D} =} opbregman (@var{z}, @var{x})
## @deftypefnx {} {@var{D} =} opbregman (@var{z}, @var{x}, @var{opts})
## @deftypefnx {} {@var{D} =} opbregman (@dots{}, @var{name}, @var{value})
## @deftypefnx {} {[@var{D}, @var{parts}] =} opbregman (@dots{})
## Bregman divergence of the mirror-flow potential of overparameterized
## gradient descent.
##
## With the potential F of depth L and the chosen model (DESIGN.md 1.2),
##
## @example
## D = F(z) - F(x) - <grad F(x), z - x>
## @end example
##
## @noindent
## which, along the gradient flow and for every exact solution @var{z} of
## @code{A*z = y}, decreases at the rate @code{norm (A*x - y)^2}: the
## monitor of the convergence proof of Chou, Maly and Rauhut (2023).
##
## The columns of @var{z} and @var{x} are independent pairs:
## @var{D} is a row with one divergence per column, @var{parts} (N-by-K)
## holds the per-coordinate terms, which are non-negative and sum to
## @var{D}.  Either of @var{z} and @var{x} may be a single column shared by
## every column of the other (several reference solutions against one
## iterate, or the reverse).  A vector is a column: pass @code{z(:)} for a
## row.
##
## Options, given as an options struct (see @code{opset}) and/or
## case-insensitive name/value pairs:
##
## @table @asis
## @item @qcode{"depth"}
## the depth L >= 1 (default 3).
## @item @qcode{"model"}
## @qcode{"signed"} (default) or @qcode{"nonnegative"}.
## @item @qcode{"init"}
## the factor scale alpha > 0 of the initialization, a scalar or one
## entry per row; default 1.  Only the signed model with L >= 2 depends on
## it; for the non-negative model and for L = 1 it is ignored.
## @item @qcode{"engine"}
## @qcode{"c"} (default, compiled) or @qcode{"m"} (reference
## implementation).
## @end table
##
## Other options of @code{opset} are accepted and ignored, so that the
## options of an @code{opgd} run can be passed as they are.
##
## In the non-negative model (L >= 2) entries must be non-negative; an
## entry 0 of @var{z} is taken by its limit, an entry 0 of @var{x} makes
## the divergence infinite unless @var{z} is 0 there.  For L = 1 the
## potential is a quadratic on all of R in both models.  Accuracy: the
## divergence is evaluated without cancellation of large terms (closed
## forms for @var{z} far from @var{x}, Gauss-Legendre quadrature of the
## second-order remainder for @var{z} near @var{x}), to about 1e-13
## relative or better for entries between 1e-30 and 1e30, alpha down to
## 1e-12 and L up to 10.
##
## @example
## @group
## z = [1; 0; 2];
## x = [0.5; 0.1; 2];
## [D, parts] = opbregman (z, x, "depth", 2, "model", "nonnegative")
##   @result{} D = 0.1466
##   @result{} parts =
##
##          0.096574
##          0.050000
##                 0
## @end group
## @end example
##
## @noindent
## Here D = (1/2) sum (z log (z/x) - z + x), a generalized
## Kullback-Leibler divergence.
##
## @seealso{opgd, oplimit, opplot, opset}
## @end deftypefn

function [D, parts] = opbregman (z, x, varargin)

  if (nargin < 2)
    print_usage ();
  endif

  ## Input validation
  opts = __opoptions__ ("opbregman", varargin{:});
  if (! (isfloat (z) && isreal (z) && ismatrix (z) && ! isempty (z)
         && all (isfinite (z(:)))))
    error ("overparam:opbregman:badZ",
           "opbregman: Z must be a non-empty real finite matrix");
  endif
  if (! (isfloat (x) && isreal (x) && ismatrix (x) && ! isempty (x)
         && all (isfinite (x(:)))))
    error ("overparam:opbregman:badX",
           "opbregman: X must be a non-empty real finite matrix");
  endif
  z = full (double (z));
  x = full (double (x));
  [N, K] = size (z);
  if (rows (x) != N || ! (columns (x) == K || columns (x) == 1 || K == 1))
    error ("overparam:opbregman:sizeMismatch",
           "opbregman: Z is %dx%d, X must be %dx%d or %dx1 (or Z %dx1)",
           N, K, N, K, N, N);
  endif
  alpha = opts.init;
  if (isempty (alpha))
    alpha = 1;
  elseif (! (isvector (alpha) && any (numel (alpha) == [1, N])))
    error ("overparam:opbregman:badInit",
           "opbregman: INIT must be a scalar or have one entry per row of Z");
  endif
  alpha = alpha(:);
  L = opts.depth;
  if (strcmp (opts.model, "nonnegative") && L >= 2
      && (any (z(:) < 0) || any (x(:) < 0)))
    error ("overparam:opbregman:domain",
           "opbregman: Z and X must be non-negative in the non-negative model");
  endif

  ## One Z column against several X columns: the same pairs, repeated
  if (K == 1 && columns (x) > 1)
    z = repmat (z, 1, columns (x));
  endif

  if (strcmp (opts.engine, "m"))
    [D, parts] = __oppotential__ ("bregman", opts.model, L, alpha, z, x);
  elseif (nargout > 1)
    [D, parts] = __opbregman__ (z, x, opts.model, L, alpha);
  else
    D = __opbregman__ (z, x, opts.model, L, alpha);
  endif

endfunction

%!test
%! ## the docstring example
%! [D, parts] = opbregman ([1; 0; 2], [0.5; 0.1; 2], "depth", 2,
%!                         "model", "nonnegative");
%! assert (parts, [(log (2) - 0.5) / 2; 0.05; 0], 4 * eps);
%! assert (D, sum (parts), 4 * eps);
%!test
%! ## columns are independent pairs; a single X column is shared
%! z = [1 2; -1 0; 0.5 3];  x = [0.2; 0.3; -0.4];
%! D = opbregman (z, x, "depth", 4, "init", 0.1);
%! assert (D, [opbregman(z(:,1), x, "depth", 4, "init", 0.1), ...
%!             opbregman(z(:,2), x, "depth", 4, "init", 0.1)]);
%! assert (size (opbregman (x, z, "depth", 4)), [1 2]);
%!test
%! ## options struct, case-insensitive names; unrelated options ignored
%! o = opset ("depth", 2, "model", "signed", "init", 0.5, "step", 0.1);
%! z = [1; -2];  x = [0.5; 0.5];
%! assert (opbregman (z, x, o), opbregman (z, x, "DEPTH", 2, "Init", 0.5));
%!test
%! ## the default alpha is 1, and alpha only matters for signed L >= 2
%! z = [1; -2];  x = [0.5; 0.5];
%! assert (opbregman (z, x), opbregman (z, x, "init", 1));
%! assert (opbregman (z, x) != opbregman (z, x, "init", 0.5));
%! assert (opbregman (abs (z), x, "model", "nonnegative", "init", 0.5),
%!         opbregman (abs (z), x, "model", "nonnegative"));
%!test
%! ## C and M engines agree (both evaluate the same formulas); 1e-13
%! ## relative leaves room for libm differences in pow/exp/log
%! z = [1; -2; 0; 3e-5];  x = [0.2; -1e-3; 1e-8; 4e-5];
%! for L = [1 2 3 7]
%!   [D1, p1] = opbregman (z, x, "depth", L, "init", [0.1; 1; 0.01; 0.5]);
%!   [D2, p2] = opbregman (z, x, "depth", L, "init", [0.1; 1; 0.01; 0.5],
%!                         "engine", "m");
%!   assert (D1, D2, 1e-13 * D1);
%!   assert (p1, p2, 1e-13 * abs (p1));
%! endfor
%!test
%! ## parts are non-negative and sum to D; D = 0 iff z = x
%! z = [1; 0; 5];  x = [2; 3; 5];
%! [D, parts] = opbregman (z, x, "depth", 3, "model", "nonnegative");
%! assert (all (parts >= 0) && parts(3) == 0 && D == sum (parts));
%! assert (opbregman (x, x, "depth", 3, "model", "nonnegative"), 0);
%!error <Invalid call> opbregman (1)
%!error id=overparam:opbregman:badZ opbregman ([], 1)
%!error id=overparam:opbregman:badZ opbregman (int8 (1), 1)
%!error id=overparam:opbregman:badZ opbregman ([1; NaN], [1; 1])
%!error id=overparam:opbregman:badX opbregman (1, 1i)
%!error id=overparam:opbregman:badX opbregman ([1; 1], [1; Inf])
%!error id=overparam:opbregman:sizeMismatch opbregman (ones (3, 1), ones (2, 1))
%!error id=overparam:opbregman:sizeMismatch opbregman (ones (3, 2), ones (3, 3))
%!error id=overparam:opbregman:badInit opbregman (ones (3, 1), ones (3, 1), "init", [1 2])
%!error id=overparam:opbregman:badInit opbregman (ones (3, 1), ones (3, 1), "init", -1)
%!error id=overparam:opbregman:domain opbregman ([1; -1], [1; 1], "model", "nonnegative")
%!error id=overparam:opbregman:domain opbregman ([1; 1], [1; -1], "model", "nonnegative", "depth", 2)
%!error id=overparam:opbregman:badDepth opbregman (1, 1, "depth", 0)
%!error id=overparam:opbregman:badModel opbregman (1, 1, "model", "positive")
%!error id=overparam:opbregman:badEngine opbregman (1, 1, "engine", "f")
%!error id=overparam:opbregman:unknownOption opbregman (1, 1, "alpha", 1)
