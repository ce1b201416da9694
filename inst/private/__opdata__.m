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
## @deftypefn {} {[@var{A}, @var{y}, @var{M}, @var{N}] =} __opdata__ (@var{fname}, @var{A}, @var{y}, @var{operator})
## Validate the data of an overparam solver: @var{A} a real, finite,
## non-empty double matrix (full or sparse; single is converted), or, when
## @var{operator} is true, a cell @code{@{Afun, Atfun@}} of function
## handles; @var{y} a real, finite, non-empty matrix with one column per
## problem and as many rows as @var{A}.  Errors carry the identifiers
## @code{overparam:@var{fname}:badA}, @code{badY} and @code{sizeMismatch}.
## Returns @var{y} full and double, and the sizes.  Internal.
## @end deftypefn

function [A, y, M, N] = __opdata__ (fname, A, y, operator)

  id = @(what) sprintf ("overparam:%s:%s", fname, what);
  if (iscell (A) && operator)
    if (! (numel (A) == 2 && all (cellfun (@is_function_handle, A))))
      error (id ("badA"),
             ["%s: an operator A must be a cell {Afun, Atfun} of two ", ...
              "function handles"], fname);
    endif
  elseif (! (isnumeric (A) && isfloat (A) && isreal (A) && ismatrix (A)))
    error (id ("badA"), "%s: A must be a real double matrix (full or sparse)",
           fname);
  elseif (isempty (A))
    error (id ("badA"), "%s: A must not be empty", fname);
  elseif (! all (isfinite (nonzeros (A))))
    error (id ("badA"), "%s: A must have finite entries", fname);
  endif
  if (! (isnumeric (y) && isfloat (y) && isreal (y) && ismatrix (y)))
    error (id ("badY"), "%s: Y must be a real double matrix", fname);
  elseif (isempty (y))
    error (id ("badY"), "%s: Y must not be empty", fname);
  elseif (! all (isfinite (y(:))))
    error (id ("badY"), "%s: Y must have finite entries", fname);
  endif
  y = full (double (y));

  if (iscell (A))
    M = rows (y);
    N = rows (A{2} (y(:,1)));
  else
    A = double (A);
    [M, N] = size (A);
    if (rows (y) != M)
      error (id ("sizeMismatch"),
             "%s: Y must have %d rows (as many as A), not %d",
             fname, M, rows (y));
    endif
  endif

endfunction

%!test
%! [A, y, M, N] = __opdata__ ("f", single ([1 2; 3 4; 5 6]), [1; 2; 3], false);
%! assert (class (A), "double");
%! assert ([M, N], [3, 2]);
%!test
%! op = {@(x) [x; x], @(r) r(1:2) + r(3:4)};
%! [~, y, M, N] = __opdata__ ("f", op, ones (4, 2), true);
%! assert ([M, N], [4, 2]);
%! assert (size (y), [4 2]);
%!test
%! [A, y] = __opdata__ ("f", sparse ([1 0; 0 1]), sparse ([1; 0]), false);
%! assert (issparse (A) && ! issparse (y));
%!error id=overparam:f:badA __opdata__ ("f", {@(x) x, @(r) r}, 1, false)
%!error id=overparam:f:badA __opdata__ ("f", {@(x) x}, 1, true)
%!error id=overparam:f:badA __opdata__ ("f", int8 (1), 1, false)
%!error id=overparam:f:badA __opdata__ ("f", 1i, 1, false)
%!error id=overparam:f:badA __opdata__ ("f", zeros (0, 3), 1, false)
%!error id=overparam:f:badA __opdata__ ("f", [1 Inf], 1, false)
%!error id=overparam:f:badY __opdata__ ("f", 1, "a", false)
%!error id=overparam:f:badY __opdata__ ("f", 1, [], false)
%!error id=overparam:f:badY __opdata__ ("f", 1, NaN, false)
%!error id=overparam:f:sizeMismatch __opdata__ ("f", [1 2], [1; 2], false)
