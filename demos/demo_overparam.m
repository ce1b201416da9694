## overparam main demo: recover a sparse vector from 80 Gaussian
## measurements of length 200 by gradient descent on the factorized loss,
## for depths L = 1 (plain gradient descent: minimum l2 norm), L = 2 and
## L = 3 (near minimal l1 norm), and compare with the true signal.
##
## Runs headless; saves overparam_demo.png in the folder OUTDIR (a variable
## set before running this script) or in the current folder.

if (! exist ("outdir", "var"))
  outdir = pwd ();
endif
if (! exist (outdir, "dir"))
  mkdir (outdir);
endif

[A, y, x0] = opproblem (80, 200, 8, "seed", 1);
depths = [1 2 3];
X = zeros (200, numel (depths));
for i = 1:numel (depths)
  [X(:,i), info(i)] = opgd (A, y, "depth", depths(i));
  printf ("L = %d: %-45s %6d iterations, %.2f s, relative error %.2e\n",
          depths(i), info(i).message, info(i).iterations, info(i).time,
          norm (X(:,i) - x0) / norm (x0));
endfor

warning ("off", "Octave:gnuplot-graphics");
fig = figure ("visible", "off", "position", [100 100 900 750]);
subplot (2, 1, 1);
stem (1:200, x0, "k", "markersize", 4);
hold on;
plot (1:200, X(:,1), "b.", 1:200, X(:,3), "ro", "markersize", 4);
hold off;
xlim ([0 201]);
title ("x_0 (stems), L = 1 (dots), L = 3 (circles); M = 80, N = 200, s = 8");

subplot (2, 1, 2);
for i = 1:numel (depths)
  h = info(i).history;
  semilogy (h.iteration, h.residual / norm (y));
  hold on;
endfor
hold off;
legend ("L = 1", "L = 2", "L = 3");
legend ("boxoff");
xlabel ("iteration");
ylabel ("||Ax - y|| / ||y||");
title ("relative residual");

file = fullfile (outdir, "overparam_demo.png");
print (fig, file, "-dpng", "-S900,750");
close (fig);
printf ("figure saved to %s\n", file);
