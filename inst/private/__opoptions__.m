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
## @deftypefn {} {[@var{opts}, @var{help}] =} __opoptions__ (@var{fname}, @dots{})
## Merge option structs and name/value pairs into a validated overparam
## options struct; errors carry the identifier
## @code{overparam:@var{fname}:@var{what}}.  @var{help} is a cell of
## option names, defaults and descriptions.  Internal: use @code{opset}.
## @end deftypefn

function [opts, help] = __opoptions__ (fname, varargin)

  [names, defaults, text] = option_table ();
  help = [names, defaults, text];
  opts = cell2struct (defaults(:), names(:), 1);

  ## Structs are merged in order, then name/value pairs; a later value
  ## overrides an earlier one.
  i = 1;
  while (i <= numel (varargin))
    arg = varargin{i};
    if (isstruct (arg))
      if (! isscalar (arg))
        error (sprintf ("overparam:%s:badOption", fname),
               "%s: an options struct must be scalar", fname);
      endif
      fn = fieldnames (arg);
      for j = 1:numel (fn)
        opts = set_one (opts, names, fname, fn{j}, arg.(fn{j}));
      endfor
      i += 1;
    elseif (ischar (arg) && isrow (arg))
      if (i == numel (varargin))
        error (sprintf ("overparam:%s:badOption", fname),
               "%s: option '%s' has no value", fname, arg);
      endif
      opts = set_one (opts, names, fname, arg, varargin{i+1});
      i += 2;
    else
      error (sprintf ("overparam:%s:badOption", fname),
             "%s: expected an options struct or an option name, got a %s",
             fname, class (arg));
    endif
  endwhile

endfunction

function [names, defaults, help] = option_table ()
  ## Empty defaults mean "chosen by the function" (see each docstring).
  tbl = {
    "depth",       3,        "depth L >= 1 of the factorization";
    "model",       "signed", "\"signed\" or \"nonnegative\"";
    "init",        [],       "factor scale alpha ([] = scale-aware)";
    "step",        "auto",   "step size eta > 0, or \"auto\" (adaptive)";
    "maxiter",     [],       "iteration limit ([] = the function's default)";
    "tol",         [],       "relative residual tolerance ([] = default)";
    "stalltol",    [],       "relative change that counts as a stall";
    "discrepancy", 0,        "stop once norm (A*x - y) <= this value";
    "timelimit",   Inf,      "wall-clock limit in seconds";
    "reference",   [],       "exact solution(s) z for the Bregman monitor";
    "record",      10,       "record the history every RECORD iterations";
    "paths",       [],       "indices of coordinates whose paths are recorded";
    "display",     "off",    "\"off\", \"final\" or \"iter\"";
    "engine",      "c",      "\"c\" (compiled) or \"m\" (reference)";
    "times",       [],       "times t at which oplimit returns x(t)";
  };
  names = tbl(:,1);
  defaults = tbl(:,2);
  help = tbl(:,3);
endfunction

function opts = set_one (opts, names, fname, name, val)
  k = find (strcmpi (name, names));
  if (isempty (k))
    error (sprintf ("overparam:%s:unknownOption", fname),
           "%s: unknown option '%s'", fname, name);
  endif
  name = names{k};
  switch (name)
    case "depth"
      if (! (isreal (val) && isscalar (val) && isfloat (val)
             && isfinite (val) && val >= 1 && val == fix (val)))
        bad (fname, name, "an integer >= 1");
      endif
      val = double (val);
    case "model"
      if (! (ischar (val) && isrow (val))
          || ! any (strcmpi (val, {"signed", "nonnegative"})))
        bad (fname, name, "\"signed\" or \"nonnegative\"");
      endif
      val = lower (val);
    case "init"
      if (! isempty (val)
          && ! (isfloat (val) && isreal (val) && ! issparse (val)
                && ndims (val) <= 3 && all (isfinite (val(:)))
                && all (val(:) > 0)))
        bad (fname, name, ["positive and finite (a scalar, an N-vector ", ...
                           "or N-by-L factors)"]);
      endif
      val = double (val);
    case "step"
      if (ischar (val))
        if (! strcmpi (val, "auto"))
          bad (fname, name, "a positive scalar or \"auto\"");
        endif
        val = "auto";
      elseif (! (isfloat (val) && isreal (val) && isscalar (val)
                 && isfinite (val) && val > 0))
        bad (fname, name, "a positive scalar or \"auto\"");
      endif
    case "maxiter"
      if (! isempty (val)
          && ! (isreal (val) && isscalar (val) && isnumeric (val)
                && val >= 1 && (val == fix (val) || isinf (val))))
        bad (fname, name, "a positive integer or Inf");
      endif
      val = double (val);
    case "record"
      if (! (isreal (val) && isscalar (val) && isnumeric (val)
             && isfinite (val) && val >= 1 && val == fix (val)))
        bad (fname, name, "a positive integer");
      endif
      val = double (val);
    case {"tol", "stalltol"}
      if (! isempty (val)
          && ! (isfloat (val) && isreal (val) && isscalar (val)
                && isfinite (val) && val >= 0))
        bad (fname, name, "a non-negative scalar");
      endif
    case "discrepancy"
      if (! (isfloat (val) && isreal (val) && isscalar (val)
             && isfinite (val) && val >= 0))
        bad (fname, name, "a non-negative scalar");
      endif
    case "timelimit"
      if (! (isreal (val) && isnumeric (val) && isscalar (val)
             && val > 0 && ! isnan (val)))
        bad (fname, name, "a positive scalar (Inf for none)");
      endif
      val = double (val);
    case "reference"
      if (! isempty (val)
          && ! (isfloat (val) && isreal (val) && ismatrix (val)
                && all (isfinite (val(:)))))
        bad (fname, name, "a real finite matrix (one solution per column)");
      endif
      val = full (double (val));
    case "paths"
      if (! isempty (val)
          && ! (isnumeric (val) && isreal (val) && isvector (val)
                && all (val >= 1) && all (val == fix (val))))
        bad (fname, name, "a vector of positive integer indices");
      endif
      val = double (val(:).');
    case "display"
      if (! (ischar (val) && isrow (val))
          || ! any (strcmpi (val, {"off", "final", "iter"})))
        bad (fname, name, "\"off\", \"final\" or \"iter\"");
      endif
      val = lower (val);
    case "engine"
      if (! (ischar (val) && isrow (val)) || ! any (strcmpi (val, {"c", "m"})))
        bad (fname, name, "\"c\" or \"m\"");
      endif
      val = lower (val);
    case "times"
      if (! isempty (val)
          && ! (isfloat (val) && isreal (val) && isvector (val)
                && all (isfinite (val)) && all (val >= 0)))
        bad (fname, name, "a vector of non-negative finite times");
      endif
      val = double (val(:));
  endswitch
  opts.(name) = val;
endfunction


## The error for a bad value of option NAME (kept out of set_one's
## normal path: building it costs more than checking the value).
function bad (fname, name, what)
  error (sprintf ("overparam:%s:bad%s%s", fname, upper (name(1)),
                  name(2:end)),
         "%s: %s must be %s", fname, upper (name), what);
endfunction

%!test
%! o = __opoptions__ ("opgd");
%! assert (o.depth, 3);
%! assert (o.model, "signed");
%! assert (o.step, "auto");
%!test
%! o = __opoptions__ ("opgd", struct ("depth", 2), "DEPTH", 5,
%!                    "Model", "NonNegative");
%! assert (o.depth, 5);
%! assert (o.model, "nonnegative");
%!test
%! o = __opoptions__ ("opgd", "step", 0.5, "paths", [3; 4]);
%! assert (o.step, 0.5);
%! assert (o.paths, [3 4]);
%!error id=overparam:opgd:unknownOption __opoptions__ ("opgd", "nosuch", 1)
%!error id=overparam:opgd:badOption __opoptions__ ("opgd", "depth")
%!error id=overparam:opgd:badOption __opoptions__ ("opgd", 3)
%!error id=overparam:opgd:badOption __opoptions__ ("opgd", struct ("a", {1, 2}))
%!error id=overparam:opgd:badDepth __opoptions__ ("opgd", "depth", 0)
%!error id=overparam:opgd:badDepth __opoptions__ ("opgd", "depth", 2.5)
%!error id=overparam:opgd:badDepth __opoptions__ ("opgd", "depth", int8 (2))
%!error id=overparam:opgd:badModel __opoptions__ ("opgd", "model", "complex")
%!error id=overparam:opgd:badInit __opoptions__ ("opgd", "init", 0)
%!error id=overparam:opgd:badInit __opoptions__ ("opgd", "init", [1 NaN])
%!error id=overparam:opgd:badInit __opoptions__ ("opgd", "init", 1i)
%!error id=overparam:opgd:badStep __opoptions__ ("opgd", "step", -1)
%!error id=overparam:opgd:badStep __opoptions__ ("opgd", "step", "big")
%!error id=overparam:opgd:badMaxiter __opoptions__ ("opgd", "maxiter", 0)
%!error id=overparam:opgd:badRecord __opoptions__ ("opgd", "record", 1.5)
%!error id=overparam:opgd:badRecord __opoptions__ ("opgd", "record", Inf)
%!test
%! o = __opoptions__ ("opgd", "maxiter", Inf);
%! assert (o.maxiter, Inf);
%!error id=overparam:opgd:badTol __opoptions__ ("opgd", "tol", -1)
%!error id=overparam:opgd:badStalltol __opoptions__ ("opgd", "stalltol", NaN)
%!error id=overparam:opgd:badDiscrepancy
%! __opoptions__ ("opgd", "discrepancy", -1);
%!error id=overparam:opgd:badTimelimit __opoptions__ ("opgd", "timelimit", 0)
%!error id=overparam:opgd:badReference
%! __opoptions__ ("opgd", "reference", [1 Inf]);
%!error id=overparam:opgd:badPaths __opoptions__ ("opgd", "paths", 0)
%!error id=overparam:opgd:badDisplay __opoptions__ ("opgd", "display", "loud")
%!error id=overparam:opgd:badEngine __opoptions__ ("opgd", "engine", "fortran")
%!error id=overparam:oplimit:badTimes __opoptions__ ("oplimit", "times", -1)
