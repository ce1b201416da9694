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
## @deftypefn  {} {} opset ()
## @deftypefnx {} {@var{opts} =} opset ()
## @deftypefnx {} {@var{opts} =} opset (@var{name}, @var{value}, @dots{})
## @deftypefnx {} {@var{opts} =} opset (@var{old}, @var{name}, @var{value}, @dots{})
## @deftypefnx {} {@var{opts} =} opset (@var{old}, @var{new})
## Create or update an options struct for the overparam functions.
##
## With no argument and no output, list every option with its default and
## meaning.  Otherwise return a struct holding every option: the defaults,
## overridden by the fields of the structs @var{old}, @var{new} and then by
## the @var{name}/@var{value} pairs, in that order.  Names are matched
## without regard to case.  Each value is checked; a bad one raises an
## error with identifier @code{overparam:opset:bad@var{Name}}, an unknown
## name @code{overparam:opset:unknownOption}.
##
## Every overparam function (@code{opgd}, @code{oplimit},
## @code{opbregman}, @dots{}) takes such a struct and/or name/value pairs in
## the same way, so
##
## @example
## @group
## opts = opset ("depth", 4, "model", "nonnegative");
## x = opgd (A, y, opts, "init", 1e-2);
## @end group
## @end example
##
## @noindent
## runs depth-4 non-negative gradient descent with factor scale 0.01.
## An empty default (@code{init}, @code{maxiter}, @code{tol},
## @code{stalltol}) means that the function chooses the value, as its help
## text says.
##
## @example
## @group
## opts = opset ("Depth", 2);
## opts.depth
##   @result{} 2
## @end group
## @end example
##
## @seealso{opgd, oplimit, opbregman}
## @end deftypefn

function opts = opset (varargin)

  [o, help] = __opoptions__ ("opset", varargin{:});

  if (nargout > 0 || nargin > 0)
    opts = o;
    return;
  endif

  ## List the options
  printf ("overparam options (opset):\n\n");
  for i = 1:rows (help)
    val = help{i,2};
    if (ischar (val))
      val = ['"' val '"'];
    elseif (isempty (val))
      val = "[]";
    else
      val = num2str (val);
    endif
    printf ("  %-12s %-9s %s\n", help{i,1}, val, help{i,3});
  endfor

endfunction

%!test
%! o = opset ();
%! assert (isstruct (o));
%! assert (o.depth, 3);
%! assert (o.model, "signed");
%! assert (o.display, "off");
%! assert (isempty (o.init));
%!test
%! o = opset ("Depth", 2, "STEP", 1e-3);
%! assert (o.depth, 2);
%! assert (o.step, 1e-3);
%!test
%! o1 = opset ("depth", 4);
%! o2 = opset (o1, "model", "nonnegative");
%! assert ([o2.depth, strcmp(o2.model, "nonnegative")], [4 1]);
%! o3 = opset (o2, struct ("depth", 1));
%! assert (o3.depth, 1);
%! assert (o3.model, "nonnegative");
%!test
%! s = evalc ("opset ()");
%! assert (! isempty (strfind (s, "depth")));
%! assert (! isempty (strfind (s, "discrepancy")));
%!error id=overparam:opset:unknownOption opset ("deep", 3)
%!error id=overparam:opset:badDepth opset ("depth", -1)
%!error id=overparam:opset:badOption opset ("depth")
