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
## @deftypefn  {} {@var{x} =} opbp (@var{A}, @var{y})
## @deftypefnx {} {@var{x} =} opbp (@var{A}, @var{y}, @var{name}, @var{value}, @dots{})
## @deftypefnx {} {[@var{x}, @var{info}] =} opbp (@dots{})
## Basis pursuit: a minimal-l1 solution of @code{A*x = y}, the reference
## for the implicit bias of @code{opgd} and @code{oplimit}.
##
## Solves the linear program @code{min sum (abs (x))} subject to
## @code{A*x = y} with Octave's @code{glpk} (simplex), the signed model
## through the split @code{x = p - q}, @code{p, q >= 0}; with
## @code{"model", "nonnegative"} it solves @code{min sum (x)} subject to
## @code{A*x = y}, @code{x >= 0}.  The simplex returns a vertex; its
## entries are then recomputed from @code{A(:,S) \ y} on its support S
## (when that keeps their signs), so that @var{x} solves @code{A*x = y}
## to rounding error rather than to glpk's feasibility tolerance (1e-7).
## Each of the K columns of @var{y} is a problem of its own.
##
## @var{info} (1-by-K) holds @code{l1norm}, @code{residual} (relative),
## @code{status} (glpk's: 5 optimal) and @code{polished} (true when the
## support solve was used).  If @code{A*x = y} has no solution (with
## @code{x >= 0} in the non-negative model) the error
## @code{overparam:opbp:infeasible} is raised.
##
## @example
## @group
## [A, y, x0] = opproblem (40, 100, 5, "seed", 1);
## x = opbp (A, y);
## norm (x - x0) < 1e-12 * norm (x0)
##   @result{} ans = 1
## @end group
## @end example
##
## @seealso{oplimit, opgd, glpk}
## @end deftypefn

function [x, info] = opbp (A, y, varargin)

  if (nargin < 2)
    print_usage ();
  endif

  ## Input validation
  [A, y, M, N] = __opdata__ ("opbp", A, y, false);
  A = full (A);
  opts = __opoptions__ ("opbp", varargin{:});
  signed = strcmp (opts.model, "signed");

  ## The LP: signed x = p - q with [p; q] >= 0, cost sum (p + q).
  if (signed)
    C = [A, -A];
  else
    C = A;
  endif
  n = columns (C);
  K = columns (y);
  x = zeros (N, K);
  param = struct ("msglev", 0);
  for k = K:-1:1
    [z, ~, err, extra] = glpk (ones (n, 1), C, y(:,k), zeros (n, 1), [],
                               repmat ("S", 1, M), repmat ("C", 1, n), 1,
                               param);
    if (err != 0 || ! any (extra.status == [2 5]))
      error ("overparam:opbp:infeasible",
             "opbp: A*x = Y(:,%d) has no %ssolution", k,
             ifelse (signed, "", "non-negative "));
    endif
    if (signed)
      xk = z(1:N) - z(N+1:end);
    else
      xk = z;
    endif

    ## Polish the vertex on its support (a degenerate basis carries
    ## entries at glpk's rounding level: they are not the support).
    S = find (abs (xk) > 1e-9 * norm (xk, Inf));
    polished = false;
    if (! isempty (S) && numel (S) <= M)
      xs = A(:,S) \ y(:,k);
      if (all (sign (xs) == sign (xk(S)))
          && norm (A(:,S) * xs - y(:,k))
             <= max (norm (A * xk - y(:,k)), 1e-13 * norm (y(:,k))))
        xk(:) = 0;
        xk(S) = xs;
        polished = true;
      endif
    endif
    x(:,k) = xk;
    info(k) = struct ("l1norm", sum (abs (xk)),
                      "residual", norm (A * xk - y(:,k))
                                  / max (norm (y(:,k)), realmin),
                      "status", extra.status, "polished", polished);
  endfor

endfunction

function s = ifelse (c, a, b)
  if (c)
    s = a;
  else
    s = b;
  endif
endfunction

%!test
%! [A, y, x0] = opproblem (40, 100, 5, "seed", 1);
%! [x, info] = opbp (A, y);
%! assert (x, x0, 1e-12 * norm (x0));
%! assert (info.polished);
%! assert (info.l1norm, sum (abs (x0)), 1e-12 * sum (abs (x0)));
%!test
%! [A, y, x0] = opproblem (40, 100, 5, "seed", 2, "model", "nonnegative");
%! x = opbp (A, y, "model", "nonnegative");
%! assert (x, x0, 1e-12 * norm (x0));
%! assert (all (x >= 0));
%!test
%! ## Minimal l1 norm where the sparse vector is not recovered: no
%! ## feasible point of smaller norm along random null-space directions.
%! [A, y] = opproblem (10, 40, 8, "seed", 3);
%! x = opbp (A, y);
%! assert (norm (A * x - y) < 1e-12 * norm (y));
%! Z = null (A);
%! for i = 1:20
%!   d = Z * randn (columns (Z), 1);
%!   assert (sum (abs (x + 1e-3 * d)) >= sum (abs (x)) - 1e-12);
%! endfor
%!test
%! ## Several right-hand sides; x >= 0 costs more than x signed.
%! [A, y1] = opproblem (15, 40, 3, "seed", 4, "model", "nonnegative");
%! y2 = A * abs (randn (40, 1));
%! [X, info] = opbp (A, [y1, y2], "model", "nonnegative");
%! assert (size (X), [40, 2]);
%! assert ([info.residual] < 1e-9);
%! assert (sum (abs (opbp (A, y2))) <= info(2).l1norm + 1e-12);
%!error <Invalid call> opbp (1)
%!error id=overparam:opbp:badA opbp ([1 NaN], 1)
%!error id=overparam:opbp:badA opbp (int8 ([1 2]), 1)
%!error id=overparam:opbp:badA opbp ([1 1i], 1)
%!error id=overparam:opbp:badA opbp ([], 1)
%!error id=overparam:opbp:badY opbp ([1 2], Inf)
%!error id=overparam:opbp:badY opbp ([1 2], [])
%!error id=overparam:opbp:sizeMismatch opbp ([1 2], [1; 2])
%!error id=overparam:opbp:badModel opbp ([1 2], 1, "model", "x")
%!error id=overparam:opbp:infeasible
%! opbp ([1 0; 0 1], [1; -1], "model", "nonnegative");
%!error id=overparam:opbp:infeasible opbp ([1 1; 1 1], [1; -1])
