## overparam demo: the Bregman divergence as a Lyapunov function.
##
## Along the gradient flow of the depth-L factorized loss, every exact
## solution z of A z = y sees D_F (z, x (t)) fall at the rate
## ||A x (t) - y||^2 (DESIGN.md 1.2), so D_t + E_t = D_0 with E_t the
## dissipated energy, and the difference of D_t between two solutions is
## constant.  Gradient descent with a small step follows the flow; this
## demo runs one instance (signed model, L = 3, M = 25, N = 60, s = 3,
## alpha = 0.1), monitors D_t for the sparse solution x0 and for a second
## solution x0 + v (A v = 0, ||v|| = 1), prints D_0, D_end and the largest
## conservation defect, and draws the convergence panel with opplot.
##
## Runs headless; saves demo_bregman.png in the folder OUTDIR (a variable
## set before running this script) or in tempdir ().

if (! exist ("outdir", "var"))
  outdir = tempdir ();
endif
if (! exist (outdir, "dir"))
  mkdir (outdir);
endif

L = 3;
alpha = 0.1;
[A, y, x0] = opproblem (25, 60, 3, "seed", 1);

## A second exact solution: a unit step in the null space of A
randn ("state", 7);
v = null (A) * randn (columns (A) - rows (A), 1);
z2 = x0 + v / norm (v);

[x, info] = opgd (A, y, "depth", L, "init", alpha, "step", 0.01 / L,
                  "maxiter", 20000, "record", 20, "tol", 1e-6,
                  "reference", [x0, z2], "paths", find (x0)');
h = info.history;
D = h.bregman;
defect = abs (D + h.energy - D(1,:)) ./ D(1,:);
dif = D(:,1) - D(:,2);

printf ("opgd, signed, L = %d, alpha = %g, step %g: %d iterations (%s)\n",
        L, alpha, 0.01 / L, info.iterations, info.message);
printf ("  relative residual %.2e, relative error %.2e\n",
        info.residual / norm (y), norm (x - x0) / norm (x0));
printf ("  D_F(x0, x_t):      D_0 = %.4g, D_end = %.4g\n", D(1,1), D(end,1));
printf ("  D_F(x0 + v, x_t):  D_0 = %.4g, D_end = %.4g\n", D(1,2), D(end,2));
printf ("  max |D_t + E_t - D_0| / D_0 = %.2e (x0), %.2e (x0 + v)\n",
        max (defect));
printf ("  max |(D_t(x0) - D_t(x0+v)) - (D_0(x0) - D_0(x0+v))| / D_0 = %.2e\n",
        max (abs (dif - dif(1))) / D(1,1));
printf ("  D_t never increased: %s\n", mat2str (all (diff (D) <= 0)));

warning ("off", "Octave:gnuplot-graphics");
fig = figure ("visible", "off", "position", [100 100 900 750]);
opplot (info, "figure", fig);
png = fullfile (outdir, "demo_bregman.png");
print (fig, "-dpng", "-r100", png);
close (fig);
printf ("figure saved to %s\n", png);
