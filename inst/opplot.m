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
## @deftypefn  {} {} opplot (@var{info})
## @deftypefnx {} {} opplot (@var{info}, @var{k})
## @deftypefnx {} {} opplot (@dots{}, @var{name}, @var{value})
## @deftypefnx {} {[@var{hax}, @var{hfig}] =} opplot (@dots{})
## Convergence panel of an @code{opgd} run.
##
## @var{info} is the second output of @code{opgd}; for a struct array (one
## element per column of Y) the element @var{k} is drawn (default 1).  The
## panels, against the iteration count:
##
## @itemize
## @item the residual @code{norm (A*x - y)} (log scale);
## @item the loss @code{norm (A*x - y)^2 / 2} (log scale);
## @item the l1 norm of the iterate;
## @item when @code{opgd} ran with @qcode{"reference"}: the Bregman
## divergences @code{D_t = D_F(z, x_t)} (solid, one line per reference
## solution) and @code{D_0 - E_t} (dashed, E_t the dissipated energy) on a
## log scale.  Along the gradient flow the two coincide; the gap is the
## drift of gradient descent with finite steps;
## @item when @code{opgd} ran with @qcode{"paths"}: the recorded
## coordinates.
## @end itemize
##
## Options: @qcode{"column"} (the same as @var{k}) and
## @qcode{"figure"}, a figure handle to draw into (default: the current
## figure, which is cleared).  @var{hax} holds the axes handles in the
## order above, @var{hfig} the figure.  Headless use:
##
## @example
## @group
## [A, y, x0] = opproblem (25, 60, 3, "seed", 1);
## [x, info] = opgd (A, y, "reference", x0, "paths", find (x0)');
## hf = figure ("visible", "off");
## hax = opplot (info, "figure", hf);
## numel (hax)
##   @result{} ans = 5
## print (hf, "-dpng", fullfile (tempdir (), "opplot.png"));
## @end group
## @end example
##
## @seealso{opgd, opbregman}
## @end deftypefn

function [hax, hfig] = opplot (info, varargin)

  if (nargin < 1)
    print_usage ();
  endif

  ## Input validation
  if (! (isstruct (info) && ! isempty (info) && isfield (info, "history")
         && isstruct (info(1).history)
         && all (isfield (info(1).history, {"iteration", "residual", ...
                                             "loss", "l1norm"}))))
    error ("overparam:opplot:badInfo",
           "opplot: INFO must be the info struct of opgd (with a history)");
  endif
  k = 1;
  hfig = [];
  args = varargin;
  if (! isempty (args) && isnumeric (args{1}))
    k = args{1};
    args(1) = [];
  endif
  if (mod (numel (args), 2) != 0)
    error ("overparam:opplot:badOption",
           "opplot: options must be name/value pairs");
  endif
  for i = 1:2:numel (args)
    if (! (ischar (args{i}) && isrow (args{i})))
      error ("overparam:opplot:badOption",
             "opplot: option names must be strings");
    endif
    switch (lower (args{i}))
      case "column"
        k = args{i+1};
      case "figure"
        hfig = args{i+1};
        if (! (isscalar (hfig) && isfigure (hfig)))
          error ("overparam:opplot:badFigure",
                 "opplot: FIGURE must be a figure handle");
        endif
      otherwise
        error ("overparam:opplot:unknownOption",
               "opplot: unknown option '%s'", args{i});
    endswitch
  endfor
  if (! (isnumeric (k) && isscalar (k) && k == fix (k) && k >= 1
         && k <= numel (info)))
    error ("overparam:opplot:badColumn",
           "opplot: K must be an integer between 1 and %d", numel (info));
  endif

  h = info(k).history;
  it = h.iteration(:);
  has_bregman = isfield (h, "bregman") && ! isempty (h.bregman);
  has_paths = isfield (info, "paths") && ! isempty (info(k).paths);
  npanel = 3 + has_bregman + has_paths;

  if (isempty (hfig))
    hfig = gcf ();
  endif
  clf (hfig);
  nr = ceil (npanel / 2);
  hax = zeros (npanel, 1);

  ## Residual and loss span many decades: log scales
  hax(1) = subplot (nr, 2, 1, "parent", hfig);
  semilogy (hax(1), it, positive (h.residual), "linewidth", 1.5);
  title (hax(1), "residual ||Ax - y||");
  hax(2) = subplot (nr, 2, 2, "parent", hfig);
  semilogy (hax(2), it, positive (h.loss), "linewidth", 1.5);
  title (hax(2), "loss ||Ax - y||^2 / 2");
  hax(3) = subplot (nr, 2, 3, "parent", hfig);
  plot (hax(3), it, h.l1norm, "linewidth", 1.5);
  title (hax(3), "l1 norm ||x||_1");
  grid (hax(1), "on");
  grid (hax(2), "on");
  grid (hax(3), "on");

  n = 3;
  if (has_bregman)
    ## D_t and D_0 - E_t coincide along the flow; one colour per reference
    n += 1;
    hax(n) = subplot (nr, 2, n, "parent", hfig);
    D = h.bregman;
    lost = D(1,:) - h.energy(:);
    co = get (hax(n), "colororder");
    for j = 1:columns (D)
      c = co(mod (j - 1, rows (co)) + 1, :);
      semilogy (hax(n), it, positive (D(:,j)), "-", "color", c,
                "linewidth", 1.5);
      hold (hax(n), "on");
      semilogy (hax(n), it, positive (lost(:,j)), "--", "color", c,
                "linewidth", 1.5);
    endfor
    hold (hax(n), "off");
    legend (hax(n), {"D_t", "D_0 - E_t"});
    title (hax(n), "Bregman monitor D_F(z, x_t)");
    grid (hax(n), "on");
  endif

  if (has_paths)
    n += 1;
    hax(n) = subplot (nr, 2, n, "parent", hfig);
    P = info(k).paths;
    plot (hax(n), it(1:rows (P)), P, "linewidth", 1.5);
    idx = [];
    if (isfield (info, "pathindex"))
      idx = info(k).pathindex;
    endif
    if (numel (idx) == columns (P) && columns (P) <= 8)
      legend (hax(n), arrayfun (@(i) sprintf ("x_{%d}", i), idx,
                                "uniformoutput", false));
    endif
    title (hax(n), "coordinate paths");
    grid (hax(n), "on");
  endif

  ## Labels on the bottom row only, and a smaller font: the panels are
  ## small and long iteration counts would otherwise collide
  set (hax, "fontsize", 8);
  for j = max (1, npanel - 1):npanel
    xlabel (hax(j), "iteration");
  endfor

endfunction

## Log axes cannot show values <= 0: NaN leaves a gap instead of a bogus
## point
function v = positive (v)
  v(! (v > 0)) = NaN;
endfunction

%!shared info
%! ## a hand-made info struct with the fields opgd documents
%! t = (0:10:200)';
%! D0 = [2 3];
%! E = 2 * (1 - exp (-t / 40));
%! info.history = struct ("iteration", t, "residual", exp (-t / 20),
%!                        "loss", exp (-t / 10) / 2,
%!                        "l1norm", 1 - exp (-t / 30),
%!                        "step", 0.1 * ones (size (t)),
%!                        "bregman", D0 - E + [1e-3, 2e-3] .* t / 200,
%!                        "energy", E);
%! info.paths = [1 - exp(-t / 30), -0.5 * (1 - exp(-t / 50))];
%! info.pathindex = [4 9];
%!test
%! hf = figure ("visible", "off");
%! unwind_protect
%!   [hax, hfig] = opplot (info, "figure", hf);
%!   assert (hfig, hf);
%!   assert (numel (hax), 5);
%!   assert (all (isaxes (hax)));
%!   ## the Bregman panel: one solid and one dashed line per reference
%!   hl = findobj (hax(4), "type", "line");
%!   assert (numel (hl), 4);
%!   assert (sort (get (hl, "linestyle")), {"-"; "-"; "--"; "--"});
%!   assert (get (hax(1), "yscale"), "log");
%!   assert (get (hax(4), "yscale"), "log");
%!   ## the path panel draws the recorded coordinates
%!   hl = findobj (hax(5), "type", "line");
%!   assert (sort (cellfun (@(y) y(end), get (hl, "ydata"))),
%!           sort (info.paths(end,:)'));
%!   f = [tempname() ".png"];
%!   print (hf, "-dpng", f);
%!   assert (exist (f, "file") == 2);
%!   delete (f);
%! unwind_protect_cleanup
%!   close (hf);
%! end_unwind_protect
%!test
%! ## without a monitor and paths: three panels; a struct array by column
%! s = info;
%! s.history.bregman = zeros (21, 0);
%! s.paths = [];
%! s(2) = info;
%! hf = figure ("visible", "off");
%! unwind_protect
%!   assert (numel (opplot (s, "figure", hf)), 3);
%!   assert (numel (opplot (s, 2, "figure", hf)), 5);
%!   assert (numel (opplot (s, "column", 2, "figure", hf)), 5);
%! unwind_protect_cleanup
%!   close (hf);
%! end_unwind_protect
%!error <Invalid call> opplot ()
%!error id=overparam:opplot:badInfo opplot (1)
%!error id=overparam:opplot:badInfo opplot (struct ("history", 1))
%!error id=overparam:opplot:badColumn opplot (info, 2)
%!error id=overparam:opplot:badColumn opplot (info, "column", 0.5)
%!error id=overparam:opplot:badOption opplot (info, "column")
%!error id=overparam:opplot:badOption opplot (info, 3, 4)
%!error id=overparam:opplot:badFigure opplot (info, "figure", -7)
%!error id=overparam:opplot:unknownOption opplot (info, "colour", 1)
