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
## @deftypefn  {} {@var{x} =} opgd (@var{A}, @var{y})
## @deftypefnx {} {@var{x} =} opgd (@var{A}, @var{y}, @var{opts})
## @deftypefnx {} {@var{x} =} opgd (@dots{}, @var{name}, @var{value}, @dots{})
## @deftypefnx {} {[@var{x}, @var{info}] =} opgd (@dots{})
## Sparse recovery by gradient descent on an overparameterized loss.
##
## Minimizes the factorized square loss
## @code{1/2 * norm (A*x - y)^2} with @code{x = u.^L - v.^L} (signed
## model) or @code{x = u.^L} (non-negative model) by gradient descent on
## the factors, each factor taking its own step, from the small
## initialization @code{u = v = alpha}.  For depth @math{L >= 2} the
## iterates approach a near minimal-l1 solution of @code{A*x = y} (Chou,
## Maly and Rauhut, @cite{More is Less: Inducing Sparsity via
## Overparameterization}, 2023); @math{L = 1} is plain gradient descent.
##
## @var{A} is a real M-by-N matrix, full or sparse, or a cell
## @code{@{@@(x) A*x, @@(r) A'*r@}} of function handles (then the M engine
## runs).  Each of the K columns of @var{y} is an independent problem;
## @var{x} is N-by-K.  Options come as a struct from @code{opset} and/or
## name/value pairs (case-insensitive):
##
## @table @asis
## @item @qcode{"depth"}
## L, default 3.
## @item @qcode{"model"}
## @qcode{"signed"} (default) or @qcode{"nonnegative"}.
## @item @qcode{"init"}
## The factor scale alpha: a scalar or an N-vector (all factors start
## equal), an N-by-L array of general factors (both signs), or
## N-by-L-by-2 (u and v); N-by-1-by-2 sets u and v of identical factors
## apart (a warm start: @code{cat (3, info.state.u, info.state.v)}).
## Default: scale-aware,
## @code{alpha = (1e-6 * sigma)^(1/L)} where sigma estimates the size of
## the solution's entries from @code{d = A'*y} as
## @code{norm (d, Inf) * norm (d)^2 / norm (A*d)^2}.
## @item @qcode{"step"}
## @qcode{"auto"} (default): backtracking on the loss, starting each step
## from 1.1 times the last accepted step, halving until every factor entry
## stays positive and above a quarter of its value and the Armijo
## condition holds.  A number: that fixed step eta; for L >= 2 a step that
## would make a factor non-positive is halved for that iteration (counted
## in @code{info.shrinks}).
## @item @qcode{"maxiter"}
## Iteration limit, default 1e5.
## @item @qcode{"tol"}
## Converged once @code{norm (A*x - y) <= tol * norm (y)}; default 1e-4.
## @item @qcode{"stalltol"}
## Stalled once x changes by less than @code{stalltol * norm (x)} over 100
## iterations; default 1e-6.
## @item @qcode{"discrepancy"}
## Stop as soon as @code{norm (A*x - y) <= discrepancy} (early stopping
## for noisy data); default 0 (off).
## @item @qcode{"timelimit"}
## Seconds; default Inf.
## @item @qcode{"reference"}
## Exact solutions z (N-by-J): record the Bregman divergence
## D_F(z, x_t) of each (see @code{opbregman}).
## @item @qcode{"record"}
## Record the history every so many iterations; default 10.
## @item @qcode{"paths"}
## Indices of coordinates whose trajectories are recorded.
## @item @qcode{"display"}
## @qcode{"off"} (default), @qcode{"final"} or @qcode{"iter"}.
## @item @qcode{"engine"}
## @qcode{"c"} (default) or @qcode{"m"}, the readable reference
## implementation of the same iteration.
## @end table
##
## Defaults are relative to the data, so @code{opgd (A, c*y)} equals
## @code{c * opgd (A, y)} for c > 0.  Values given explicitly are used as
## given.
##
## @var{info} (a 1-by-K struct array) holds @code{iterations},
## @code{exitflag} and @code{message} (1: converged, 2: stalled, 3:
## discrepancy reached, 0: iteration limit, -1: diverged, -2: time limit),
## @code{residual}, @code{loss}, @code{l1norm}, @code{time}, @code{step}
## (the last step), @code{shrinks}, @code{history} (column vectors
## @code{iteration}, @code{residual}, @code{loss}, @code{l1norm},
## @code{step}, @code{bregman}, @code{energy}, @code{defect}),
## @code{paths} and @code{pathindex}, and @code{state} (the factors, for a
## warm start with @qcode{"init"}).  The energy is
## @code{E_t = sum (eta_k * norm (A*x_k - y)^2)}, and along the flow
## @code{D_t + E_t = D_0}; @code{defect} is @code{abs (D_t + E_t - D_0) / D_0}.
## Gradient descent obeys that law only up to the discretization error of
## its steps: with a small fixed step the defect stays below a few percent
## (tests/test_monitor.m), while the large steps of @qcode{"auto"} can
## make D_t and D_0 - E_t differ by much more.
## A run whose iterate becomes non-finite stops with the warning
## @code{overparam:opgd:diverged} and returns the last finite iterate.
## Ctrl-C interrupts a run between chunks of iterations.
##
## @example
## @group
## [A, y, x0] = opproblem (80, 200, 8, "seed", 1);
## [x, info] = opgd (A, y);
## info.message
##   @result{} ans = stalled: no progress
## norm (x - x0) / norm (x0) < 1e-3
##   @result{} ans = 1
## @end group
## @end example
##
## @noindent
## Here the run stopped because x changed by less than 1e-6 of its norm
## over 100 iterations (@qcode{"stalltol"}): for L >= 3 the residual's tail
## decays slowly, and that rule ends it once the iterate has settled.
##
## @seealso{opset, oplimit, opbregman, opplot, opproblem}
## @end deftypefn

function [x, info] = opgd (A, y, varargin)

  if (nargin < 2)
    print_usage ();
  endif

  ## Input validation
  [A, y, M, N] = __opdata__ ("opgd", A, y, true);
  opts = __opoptions__ ("opgd", varargin{:});
  if (iscell (A))
    ## Function handles: only the M engine can call them
    opts.engine = "m";
  endif
  K = columns (y);
  L = opts.depth;
  signed = strcmp (opts.model, "signed");

  general = false;
  init = opts.init;
  if (! isempty (init))
    sz = size (init);
    if (isscalar (init))
      init = init * ones (N, 1);
    elseif (isvector (init) && numel (init) == N && (N > 1 || L == 1))
      init = init(:);
    elseif (signed && L > 1 && isequal (sz, [N 1 2]))
      ## Identical factors, but u and v apart (a warm start from info.state)
      if (! isempty (opts.reference))
        warning ("overparam:opgd:monitorUndefined",
                 ["opgd: the Bregman monitor needs u = v at the start; ", ...
                  "history.bregman is left empty"]);
        opts.reference = [];
      endif
    elseif (sz(1) == N && size (init, 2) == L
            && (ndims (init) == 2 || (size (init, 3) == 2 && signed)))
      general = true;
    else
      error ("overparam:opgd:badInit",
             ["opgd: INIT must be a scalar, an N-vector, N-by-L or ", ...
              "N-by-L-by-2 (N = %d, L = %d)"], N, L);
    endif
  endif
  ref = opts.reference;
  if (! isempty (ref) && rows (ref) != N)
    error ("overparam:opgd:badReference",
           "opgd: REFERENCE must have N = %d rows", N);
  endif
  if (! isempty (ref) && general)
    warning ("overparam:opgd:monitorUndefined",
             ["opgd: the Bregman monitor is undefined for non-identical ", ...
              "factors; history.bregman is left empty"]);
    ref = [];
  endif
  if (any (opts.paths > N))
    error ("overparam:opgd:badPaths",
           "opgd: PATHS must be indices in 1..%d", N);
  endif
  if (! isempty (ref) && columns (ref) > 1 && K > 1)
    error ("overparam:opgd:badReference",
           ["opgd: with several right-hand sides, REFERENCE must have ", ...
            "one column per problem or one column"]);
  endif

  ## Defaults chosen by measurement (see NEWS and tests/test_opgd.m)
  maxiter = opts.maxiter;
  if (isempty (maxiter))
    maxiter = 1e5;
  endif
  tol = opts.tol;
  if (isempty (tol))
    tol = 1e-4;
  endif
  stalltol = opts.stalltol;
  if (isempty (stalltol))
    stalltol = 1e-6;
  endif

  x = zeros (N, K);
  for k = 1:K
    if (! isempty (ref) && columns (ref) == K && K > 1)
      refk = ref(:,k);
    else
      refk = ref;
    endif
    [x(:,k), info(k)] = run_one (A, y(:,k), N, L, signed, general, init,
                                 refk, maxiter, tol, stalltol, opts);
  endfor

endfunction

## One right-hand side, in chunks.
function [x, info] = run_one (A, y, N, L, signed, general, init, ref,
                              maxiter, tol, stalltol, opts)

  t0 = tic ();

  ## Work on y / sigma2 with sigma2 = s^L, s a power of two: exact in
  ## binary, so results scale with y to rounding, and nothing under- or
  ## overflows for extreme scales of y.
  [alpha0, sigma] = __opscale__ (A, y, L);
  s = 2 ^ round (log2 (sigma) / L);
  sigma2 = s ^ L;

  if (isempty (init))
    alpha = alpha0 * ones (N, 1);
  else
    alpha = init;
  endif
  u = alpha(:,:,1);
  v = alpha(:,:,end);
  if (! signed)
    v = [];
  endif
  ytil = y / sigma2;

  P.signed = signed;
  P.depth = L;
  P.general = general;
  P.auto = ischar (opts.step);
  P.tolabs = tol * norm (ytil);
  P.discrepancy = opts.discrepancy / sigma2;
  P.stalltol = stalltol;
  P.stallwindow = 100;
  P.record = opts.record;
  P.reference = ref / sigma2;
  P.alpha = alpha(:,1,1) / s;
  P.paths = opts.paths;

  ## Step in the scaled problem: eta~ = eta * s^(2L-2)
  ss = s ^ (2*L - 2);
  st.u = u / s;
  st.v = v / s;
  if (P.auto)
    P.step = 0;
    st.eta = initial_step (A, st, P, N);
  else
    P.step = opts.step * ss;
    st.eta = P.step;
  endif
  st.iter = 0;
  st.energy = 0;
  st.xcheck = prod (st.u .^ (1 + ! general * (L - 1)), 2);
  if (signed)
    st.xcheck -= prod (st.v .^ (1 + ! general * (L - 1)), 2);
  endif
  st.nshrink = 0;

  if (strcmp (opts.engine, "c"))
    engine = @__opgd__;
  else
    engine = @__opgd_m__;
  endif

  H = {};
  chunk = 100;
  flag = 0;
  P.final = false;
  while (true)
    P.maxsteps = min (chunk, maxiter - st.iter);
    tc = tic ();
    [st, h, status, xt, rnorm] = engine (A, ytil, st, P);
    dt = toc (tc);
    H{end+1} = h;
    if (strcmp (opts.display, "iter"))
      printf ("opgd: iter %9d  residual %10.4e  l1 %10.4e  step %9.3e\n",
              st.iter, rnorm * sigma2, sum (abs (xt)) * sigma2, st.eta / ss);
    endif
    if (status != 0)
      flag = status;
      break;
    elseif (st.iter >= maxiter)
      flag = 0;
      break;
    elseif (toc (t0) > opts.timelimit)
      flag = -2;
      break;
    endif
    ## Chunks of about a quarter second keep Ctrl-C and the display lively
    chunk = max (10, min (1e6, round (chunk * 0.25 / max (dt, 1e-3))));
  endwhile

  ## A final history row when the run ended on a limit
  if (flag == 0 || flag == -2)
    P.maxsteps = 0;
    P.final = true;
    [~, H{end+1}] = engine (A, ytil, st, P);
  endif

  x = xt * sigma2;
  hist = merge (H);
  hist.residual *= sigma2;
  hist.loss *= sigma2 ^ 2;
  hist.l1norm *= sigma2;
  hist.step /= ss;
  hist.energy *= s ^ 2;
  hist.bregman *= s ^ 2;
  hist.paths *= sigma2;
  if (! isempty (hist.bregman))
    hist.defect = abs (hist.bregman + hist.energy - hist.bregman(1,:)) ...
                  ./ hist.bregman(1,:);
  else
    hist.defect = zeros (rows (hist.iteration), 0);
  endif
  paths = hist.paths;
  hist = rmfield (hist, "paths");

  msgs = {-2, "time limit reached";
          -1, "diverged: the iterate became non-finite";
           0, "iteration limit reached";
           1, "converged: relative residual below tolerance";
           2, "stalled: no progress";
           3, "discrepancy reached"};
  info.iterations = st.iter;
  info.exitflag = flag;
  info.message = msgs{[msgs{:,1}] == flag, 2};
  info.residual = rnorm * sigma2;
  info.loss = 0.5 * info.residual ^ 2;
  info.l1norm = sum (abs (x));
  info.time = toc (t0);
  info.step = st.eta / ss;
  info.shrinks = st.nshrink;
  info.history = hist;
  info.paths = paths;
  info.pathindex = opts.paths;
  info.state = struct ("u", st.u * s, "v", st.v * s);

  if (flag == -1)
    warning ("overparam:opgd:diverged",
             ["opgd: the iteration diverged after %d steps; returning the ", ...
              "last finite iterate (try a smaller step)"], st.iter);
  endif
  if (! strcmp (opts.display, "off"))
    printf ("opgd: %s after %d iterations, residual %.4e, %.2f s\n",
            info.message, st.iter, info.residual, info.time);
  endif

endfunction

## A first step for the adaptive rule: 1 / (L ||A||^2 max w^(2L-2)), the
## inverse curvature of the loss along the factors at the start (the
## positivity and Armijo tests then shrink it as needed).
function eta = initial_step (A, st, P, N)
  nA2 = opnorm2 (A, N);
  w = max ([st.u(:); st.v(:)]);
  L = P.depth;
  eta = 1 / max (L * w ^ (2*L - 2) * nA2, realmin);
endfunction

## ||A||_2^2 by a few power iterations from a fixed start (deterministic)
function s = opnorm2 (A, N)
  if (iscell (A))
    Af = A{1};
    Atf = A{2};
  else
    Af = @(x) A * x;
    Atf = @(r) A' * r;
  endif
  z = cos ((1:N)' * 1.618);
  s = 0;
  for i = 1:20
    z = Atf (Af (z));
    nz = norm (z);
    if (nz == 0)
      break;
    endif
    s_old = s;
    s = nz;
    z /= nz;
    if (abs (s - s_old) <= 1e-3 * s)
      break;
    endif
  endfor
  s = max (s, realmin);
endfunction

function hist = merge (H)
  hist = H{1};
  fn = fieldnames (hist);
  for i = 2:numel (H)
    for j = 1:numel (fn)
      hist.(fn{j}) = [hist.(fn{j}); H{i}.(fn{j})];
    endfor
  endfor
  ## A row recorded twice (chunk boundary) is kept once
  [~, keep] = unique (hist.iteration, "last");
  nrow = numel (hist.iteration);
  for j = 1:numel (fn)
    if (rows (hist.(fn{j})) == nrow)
      hist.(fn{j}) = hist.(fn{j})(keep,:);
    else
      hist.(fn{j}) = zeros (numel (keep), 0);
    endif
  endfor
endfunction

%!demo
%! ## Depth 1 (plain gradient descent) against depth 3 on one instance
%! [A, y, x0] = opproblem (80, 200, 8, "seed", 1);
%! x1 = opgd (A, y, "depth", 1);
%! [x3, info] = opgd (A, y, "depth", 3);
%! printf ("L = 1: relative error %.2e\nL = 3: relative error %.2e (%s)\n",
%!         norm (x1 - x0) / norm (x0), norm (x3 - x0) / norm (x0),
%!         info.message);
%! stem (x0, "k");
%! hold on;
%! plot (x1, "b.", x3, "ro");
%! hold off;
%! legend ("x_0", "L = 1", "L = 3");

%!shared A, y, x0
%! [A, y, x0] = opproblem (40, 100, 4, "seed", 1);

%!test
%! [x, info] = opgd (A, y);
%! assert (size (x), [100 1]);
%! assert (any (info.exitflag == [1 2]));
%! assert (norm (x - x0) / norm (x0) < 1e-2);
%! assert (info.residual, norm (A*x - y), 1e-12 * norm (y));
%! assert (info.l1norm, norm (x, 1), 1e-12 * norm (x, 1));
%! h = info.history;
%! assert (h.iteration(1), 0);
%! assert (h.iteration(end), info.iterations);
%! assert (h.residual(1), norm (y), 1e-6 * norm (y));
%! assert (numel (h.energy), numel (h.iteration));

## Non-negative model: iterates stay non-negative
%!test
%! [A1, y1, z] = opproblem (40, 100, 4, "seed", 2, "model", "nonnegative");
%! x = opgd (A1, y1, "model", "nonnegative", "depth", 2);
%! assert (all (x >= 0));
%! assert (norm (x - z) / norm (z) < 2e-2);

## History stride and paths
%!test
%! [x, info] = opgd (A, y, "maxiter", 95, "record", 20, "paths", [3 7]);
%! assert (info.exitflag, 0);
%! assert (info.iterations, 95);
%! assert (info.history.iteration', [0 20 40 60 80 95]);
%! assert (size (info.paths), [6 2]);
%! assert (info.paths(end,:), x([3 7])', 1e-15);
%! assert (info.pathindex, [3 7]);

## Warm start: two halves give the same iterate as one run
%!test
%! o = opset ("step", 1e-2, "tol", 0, "stalltol", 0, "init", 0.1);
%! x1 = opgd (A, y, o, "maxiter", 200);
%! [~, i1] = opgd (A, y, o, "maxiter", 100);
%! x2 = opgd (A, y, o, "maxiter", 100,
%!            "init", cat (3, i1.state.u, i1.state.v));
%! assert (size (i1.state.u), [100 1]);
%! assert (x2, x1, 1e-12 * norm (x1));

## Fixed steps that would flip a factor's sign are halved
%!test
%! [x, info] = opgd (A, y, "init", 1, "step", 10, "maxiter", 5, "tol", 0);
%! assert (info.shrinks > 0);
%! assert (all (isfinite (x)));

## A diverging fixed-step run warns and returns the last finite iterate
%!test
%! warning ("off", "overparam:opgd:diverged", "local");
%! [x, info] = opgd (A, y, "depth", 1, "step", 1e3, "maxiter", 1e4);
%! assert (info.exitflag, -1);
%! assert (all (isfinite (x)));
%!warning <diverged> opgd (A, y, "depth", 1, "step", 1e3, "maxiter", 1e4);

## Time limit
%!test
%! [~, info] = opgd (A, y, "timelimit", 1e-6, "tol", 0, "stalltol", 0);
%! assert (info.exitflag, -2);

## y = 0: the signed model starts at the solution
%!test
%! [x, info] = opgd (A, zeros (40, 1));
%! assert (x, zeros (100, 1));
%! assert (info.exitflag, 1);
%! assert (info.iterations, 0);

## Display
%!test
%! s = evalc ("opgd (A, y, 'display', 'final', 'maxiter', 10);");
%! assert (! isempty (strfind (s, "iteration limit")));
%! s = evalc ("opgd (A, y, 'maxiter', 10);");
%! assert (isempty (s));

## Input validation
%!error <Invalid call> opgd (A)
%!error id=overparam:opgd:badA opgd (int8 (A), y)
%!error id=overparam:opgd:badA opgd (A + 1i, y)
%!error id=overparam:opgd:badA opgd ([], y)
%!error id=overparam:opgd:badA opgd ([A(1:end-1,:); NaN(1, 100)], y)
%!error id=overparam:opgd:badA opgd ({@(x) x}, y)
%!error id=overparam:opgd:badA opgd ("A", y)
%!error id=overparam:opgd:badY opgd (A, int32 (y))
%!error id=overparam:opgd:badY opgd (A, [])
%!error id=overparam:opgd:badY opgd (A, [y(1:end-1); Inf])
%!error id=overparam:opgd:badY opgd (A, y + 1i)
%!error id=overparam:opgd:sizeMismatch opgd (A, [y; 1])
%!error id=overparam:opgd:badDepth opgd (A, y, "depth", 0)
%!error id=overparam:opgd:badModel opgd (A, y, "model", "positive")
%!error id=overparam:opgd:badInit opgd (A, y, "init", -1)
%!error id=overparam:opgd:badInit opgd (A, y, "init", ones (99, 1))
%!error id=overparam:opgd:badInit opgd (A, y, "init", ones (100, 2), "depth", 3)
%!error id=overparam:opgd:badInit
%! opgd (A, y, "init", ones (100, 3, 2), "model", "nonnegative");
%!error id=overparam:opgd:badStep opgd (A, y, "step", 0)
%!error id=overparam:opgd:badMaxiter opgd (A, y, "maxiter", -5)
%!error id=overparam:opgd:badTol opgd (A, y, "tol", -1)
%!error id=overparam:opgd:badReference opgd (A, y, "reference", ones (99, 1))
%!error id=overparam:opgd:badReference
%! opgd (A, [y y], "reference", ones (100, 3));
%!error id=overparam:opgd:badPaths opgd (A, y, "paths", 101)
%!error id=overparam:opgd:unknownOption opgd (A, y, "alpha", 1)
%!warning id=overparam:opgd:monitorUndefined
%! opgd (A, y, "init", ones (100, 3, 2) / 10, "reference", x0, "maxiter", 2);
