## overparam demo: the implicit bias of the flow as alpha -> 0.
##
## The limit of gradient flow on the depth-L factorized loss is the
## Bregman projection of its start alpha^L onto {A x = y, x >= 0}
## (oplimit).  The paper's claim: its l1 norm exceeds the minimum (basis
## pursuit, opbp) by a gap that vanishes like alpha^(L-2) for L >= 3 in
## the worst case, only like 1/log (1/alpha) for L = 2.  Measured here on
## a Gaussian instance where basis pursuit does not recover the sparse
## vector exactly (M = 40, N = 120, s = 12, non-negative): the gap
## against alpha for L = 2, 3, 4, 6, with the slopes alpha^(L-2) and
## alpha^L for reference, and the distance to the basis-pursuit solution.
##
## Runs headless; saves demo_limit.png in the folder OUTDIR (a variable
## set before running this script) or in the current folder.

if (! exist ("outdir", "var"))
  outdir = pwd ();
endif
if (! exist (outdir, "dir"))
  mkdir (outdir);
endif

[A, y] = opproblem (40, 120, 12, "seed", 25, "model", "nonnegative");
xbp = opbp (A, y, "model", "nonnegative");
l1 = sum (xbp);
alphas = 10 .^ (-(0.5:0.25:9));
depths = [2 3 4 6];
gap = NaN (numel (depths), numel (alphas));
dist = gap;
steps = gap;
for i = 1:numel (depths)
  for j = 1:numel (alphas)
    [x, info] = oplimit (A, y, "model", "nonnegative", "depth", depths(i),
                         "init", alphas(j));
    gap(i,j) = (sum (x) - l1) / l1;
    dist(i,j) = norm (x - xbp) / norm (xbp);
    steps(i,j) = info.iterations;
  endfor
  printf (["L = %d: relative l1 gap %.1e at alpha = 1e-1, %.1e at 1e-3; ", ...
           "%d Newton steps at most\n"],
          depths(i), interp1 (alphas, gap(i,:), 1e-1),
          interp1 (alphas, gap(i,:), 1e-3), max (steps(i,:)));
endfor

## Values at the rounding level (1e-14 relative) are not shown.
floor_ = 1e-14;
gap(gap < floor_) = NaN;
dist(dist < floor_) = NaN;

warning ("off", "Octave:gnuplot-graphics");
fig = figure ("visible", "off", "position", [100 100 900 750]);
colors = lines (numel (depths));
subplot (2, 1, 1);
for i = 1:numel (depths)
  L = depths(i);
  loglog (alphas, gap(i,:), "o-", "color", colors(i,:), "markersize", 4);
  hold on;
endfor
for i = 1:numel (depths)
  L = depths(i);
  if (L >= 3)
    ## Reference slopes through the first point.
    j = 1;
    loglog (alphas, gap(i,j) * (alphas / alphas(j)) .^ (L - 2), "--",
            "color", colors(i,:));
    loglog (alphas, gap(i,j) * (alphas / alphas(j)) .^ L, ":",
            "color", colors(i,:));
  endif
endfor
hold off;
ylim ([1e-15 1]);
set (gca, "ytick", 10 .^ (-15:3:0));
ylabel ("relative l1 gap");
title (["(||x_\\infty||_1 - ||x_{bp}||_1) / ||x_{bp}||_1; ", ...
       "dashed alpha^{L-2}, dotted alpha^L"]);
grid on;

subplot (2, 1, 2);
for i = 1:numel (depths)
  loglog (alphas, dist(i,:), "o-", "color", colors(i,:), "markersize", 4);
  hold on;
endfor
hold off;
ylim ([1e-15 1]);
set (gca, "ytick", 10 .^ (-15:3:0));
xlabel ("alpha (factor scale)");
## The legend (for both panels) where this panel is empty: in the top
## one it hid the dashed guides.
legend (arrayfun (@(L) sprintf ("L = %d", L), depths, "uniformoutput", false),
        "location", "northwest");
ylabel ("relative distance");
title (["||x_\\infty - x_{bp}|| / ||x_{bp}||  ", ...
       "(M = 40, N = 120, s = 12, non-negative)"]);
grid on;

file = fullfile (outdir, "demo_limit.png");
print (fig, file, "-dpng", "-S900,750");
close (fig);
printf ("figure saved to %s\n", file);
