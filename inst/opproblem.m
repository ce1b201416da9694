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
## @deftypefn  {} {[@var{A}, @var{y}, @var{x0}, @var{e}] =} opproblem (@var{M}, @var{N}, @var{s})
## @deftypefnx {} {[@dots{}] =} opproblem (@dots{}, @var{name}, @var{value})
## Reproducible compressed-sensing instance @code{y = A*x0 + e}.
##
## @var{A} is @var{M}-by-@var{N}, @var{x0} has @var{s} non-zero entries at
## random positions and @var{e} is the noise.  Options:
##
## @table @asis
## @item @qcode{"matrix"}
## @qcode{"gaussian"} (default): entries N(0, 1/@var{M}), so columns have
## unit norm on average; @qcode{"rademacher"}: entries
## +-1/sqrt(@var{M}); @qcode{"dct"}: @var{M} random rows of the orthonormal
## @var{N}-point DCT-II, scaled by sqrt(@var{N}/@var{M}).
## @item @qcode{"model"}
## @qcode{"signed"} (default): non-zeros are +-(1 + |g|) with g standard
## normal; @qcode{"nonnegative"}: non-zeros are 1 + |g|.
## @item @qcode{"noise"}
## standard deviation of the Gaussian noise @var{e} (default 0).
## @item @qcode{"seed"}
## seed of the instance (default 0): the same seed gives the same instance,
## and the global random state is left as it was.
## @end table
##
## @example
## @group
## [A, y, x0] = opproblem (80, 200, 8, "seed", 1);
## size (A), nnz (x0)
##   @result{} ans =
##
##       80   200
##
##   @result{} ans = 8
## @end group
## @end example
##
## @seealso{opgd, oplimit, opbp}
## @end deftypefn

function [A, y, x0, e] = opproblem (M, N, s, varargin)

  if (nargin < 3)
    print_usage ();
  endif

  ## Input validation
  isint = @(v) isnumeric (v) && isreal (v) && isscalar (v) ...
               && isfinite (v) && v == fix (v);
  if (! (isint (M) && M >= 1))
    error ("overparam:opproblem:badM",
           "opproblem: M must be a positive integer");
  endif
  if (! (isint (N) && N >= 1))
    error ("overparam:opproblem:badN",
           "opproblem: N must be a positive integer");
  endif
  if (! (isint (s) && s >= 0 && s <= N))
    error ("overparam:opproblem:badS",
           "opproblem: S must be an integer between 0 and N");
  endif
  matrix = "gaussian";
  model = "signed";
  sigma = 0;
  seed = 0;
  if (mod (numel (varargin), 2) != 0)
    error ("overparam:opproblem:badOption",
           "opproblem: options must be name/value pairs");
  endif
  for i = 1:2:numel (varargin)
    name = varargin{i};
    val = varargin{i+1};
    if (! (ischar (name) && isrow (name)))
      error ("overparam:opproblem:badOption",
             "opproblem: option names must be strings");
    endif
    switch (lower (name))
      case "matrix"
        kinds = {"gaussian", "rademacher", "dct"};
        if (! (ischar (val) && any (strcmpi (val, kinds))))
          error ("overparam:opproblem:badMatrix",
                 ["opproblem: MATRIX must be \"gaussian\", ", ...
                  "\"rademacher\" or \"dct\""]);
        endif
        matrix = lower (val);
      case "model"
        if (! (ischar (val) && any (strcmpi (val, {"signed", "nonnegative"}))))
          error ("overparam:opproblem:badModel",
                 "opproblem: MODEL must be \"signed\" or \"nonnegative\"");
        endif
        model = lower (val);
      case "noise"
        if (! (isfloat (val) && isreal (val) && isscalar (val)
               && isfinite (val) && val >= 0))
          error ("overparam:opproblem:badNoise",
                 "opproblem: NOISE must be a non-negative scalar");
        endif
        sigma = double (val);
      case "seed"
        if (! (isint (val) && val >= 0))
          error ("overparam:opproblem:badSeed",
                 "opproblem: SEED must be a non-negative integer");
        endif
        seed = double (val);
      otherwise
        error ("overparam:opproblem:unknownOption",
               "opproblem: unknown option '%s'", name);
    endswitch
  endfor

  ## Own generator states, so that the caller's random streams are untouched
  old_n = randn ("state");
  old_u = rand ("state");
  unwind_protect
    randn ("state", seed);
    rand ("state", seed + 1);

    switch (matrix)
      case "gaussian"
        A = randn (M, N) / sqrt (M);
      case "rademacher"
        A = (2 * (rand (M, N) < 0.5) - 1) / sqrt (M);
      case "dct"
        k = randperm (N, min (M, N))(:) - 1;
        n = 0:N-1;
        A = sqrt (2 / N) * cos (pi * k * (2*n + 1) / (2*N));
        A(k == 0, :) /= sqrt (2);
        A *= sqrt (N / M);
    endswitch

    x0 = zeros (N, 1);
    support = randperm (N, s);
    mag = 1 + abs (randn (s, 1));
    if (strcmp (model, "signed"))
      mag .*= 2 * (rand (s, 1) < 0.5) - 1;
    endif
    x0(support) = mag;
    e = sigma * randn (size (A, 1), 1);
    y = A * x0 + e;
  unwind_protect_cleanup
    randn ("state", old_n);
    rand ("state", old_u);
  end_unwind_protect

endfunction

%!test
%! [A, y, x0, e] = opproblem (20, 50, 4, "seed", 3);
%! assert (size (A), [20 50]);
%! assert (nnz (x0), 4);
%! assert (y, A*x0, 1e-14);
%! assert (e, zeros (20, 1));
%!test
%! [A1, y1] = opproblem (10, 30, 2, "seed", 7);
%! [A2, y2] = opproblem (10, 30, 2, "seed", 7);
%! [A3, y3] = opproblem (10, 30, 2, "seed", 8);
%! assert (isequal (A1, A2) && isequal (y1, y2));
%! assert (! isequal (A1, A3));
%!test
%! r = rand ();
%! rand ("state", 5); a = rand ();
%! rand ("state", 5); opproblem (5, 10, 1); b = rand ();
%! assert (a, b);
%!test
%! [~, ~, x0] = opproblem (10, 40, 5, "model", "nonnegative");
%! assert (all (x0 >= 0) && nnz (x0) == 5);
%!test
%! A = opproblem (16, 16, 0, "matrix", "dct");
%! assert (A'*A, eye (16), 1e-12);
%!test
%! A = opproblem (8, 32, 1, "matrix", "rademacher");
%! assert (abs (A(:)), ones (256, 1) / sqrt (8), 1e-15);
%!test
%! [A, y, x0, e] = opproblem (30, 60, 3, "noise", 0.1, "seed", 2);
%! assert (y, A*x0 + e, 1e-14);
%! assert (std (e) > 0.03 && std (e) < 0.3);
%!error <Invalid call> opproblem (1, 2)
%!error id=overparam:opproblem:badM opproblem (0, 5, 1)
%!error id=overparam:opproblem:badN opproblem (5, 1.5, 1)
%!error id=overparam:opproblem:badS opproblem (5, 10, 11)
%!error id=overparam:opproblem:badOption opproblem (5, 10, 1, "seed")
%!error id=overparam:opproblem:badOption opproblem (5, 10, 1, 3, 4)
%!error id=overparam:opproblem:badMatrix
%! opproblem (5, 10, 1, "matrix", "fourier");
%!error id=overparam:opproblem:badModel opproblem (5, 10, 1, "model", "x")
%!error id=overparam:opproblem:badNoise opproblem (5, 10, 1, "noise", -1)
%!error id=overparam:opproblem:badSeed opproblem (5, 10, 1, "seed", -1)
%!error id=overparam:opproblem:unknownOption opproblem (5, 10, 1, "size", 3)
