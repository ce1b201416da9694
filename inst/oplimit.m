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
## @deftypefn  {} {@var{x} =} oplimit (@var{A}, @var{y})
## @deftypefnx {} {@var{x} =} oplimit (@var{A}, @var{y}, @var{opts})
## @deftypefnx {} {@var{x} =} oplimit (@dots{}, @var{name}, @var{value}, @dots{})
## @deftypefnx {} {[@var{x}, @var{info}] =} oplimit (@dots{})
## The exact limit of the gradient flow on the overparameterized loss.
##
## Gradient flow on the factorized loss of @code{opgd} (identical factors
## starting at alpha) converges to the Bregman projection of its start
## onto the solutions of @code{A*x = y},
## @code{x = argmin @{D_F(z, x(0)) : A*z = y@}} (and @code{z >= 0} in the
## non-negative model), the implicit bias of the paper: as alpha tends to
## 0 it tends to a minimal-l1 solution, like alpha^(L-2) for depth
## L >= 3.  @code{oplimit} computes it by damped Newton on the M
## unknowns of the dual, in tens of steps instead of the flow's many
## thousands, to a relative residual of 1e-12.  It works in a rescaled
## dual and keeps the large entries of x as unknowns of their own, so
## that alpha down to 1e-12 and L up to 10 (and beyond) converge although
## the dual's natural variable would have to cancel to 1e-96.
##
## @var{A} is a real M-by-N matrix (a sparse one is converted to full).
## Each of the K columns of @var{y} is an independent problem; @var{x} is
## N-by-K.  Options as in @code{opgd}, from @code{opset} and/or
## name/value pairs:
##
## @table @asis
## @item @qcode{"depth"}
## L >= 1, default 3.  L = 1 gives the point of @code{A*z = y} nearest to
## @code{x(0)} in the Euclidean norm.
## @item @qcode{"model"}
## @qcode{"signed"} (default) or @qcode{"nonnegative"}.
## @item @qcode{"init"}
## The factor scale alpha > 0, a scalar or an N-vector.  Default: the
## scale-aware value of @code{opgd}, so that @code{oplimit (A, c*y)}
## equals @code{c * oplimit (A, y)}.
## @item @qcode{"tol"}
## Converged once @code{norm (A*x - y) <= tol * norm (y)} and the
## stationarity measure (the relative distance of
## @code{grad F(x) - grad F(x(0))} to the range of @code{A'}, in the
## rescaled dual) is below @code{tol}; default 1e-12.
## @item @qcode{"maxiter"}
## Newton steps over all continuation stages; default 200.
## @item @qcode{"times"}
## A vector of times t >= 0: then @var{x} is N-by-T(-by-K), the flow
## itself at those times, integrated by @code{ode15s} on the dual
## @code{mu' = y - A*psi(theta0 + A'*mu)}, @code{mu(0) = 0}.  The time
## is that of gradient descent, @code{t = sum (eta_k)}.
## @item @qcode{"display"}
## @qcode{"off"} (default) or @qcode{"final"}.
## @item @qcode{"engine"}
## @qcode{"c"} (default) or @qcode{"m"}, the readable reference of the
## same Newton method (it always refactors the Hessian).
## @end table
##
## @var{info} (1-by-K) holds @code{exitflag} and @code{message} (1
## converged, 0 iteration limit, 2 stalled), @code{iterations} (Newton
## steps), @code{stages} (continuation stages), @code{factorizations},
## @code{residual} (relative), @code{stationarity}, @code{decrement} (the
## dual Newton decrement of the last step), @code{dual} (the maximizer
## mu of the dual, @code{grad F(x) = grad F(x(0)) + A'*mu}; it overflows
## to Inf where alpha^(2-L)/(L-2) does), @code{alpha} and @code{time}.
## When no admissible solution exists (non-negative model and @var{y}
## outside the cone @code{A*z, z >= 0}; signed model and @var{y} outside
## the range of @var{A}) the dual is unbounded and @code{oplimit} stops
## with the error @code{overparam:oplimit:infeasible}.
##
## With noisy data, where the limit has about M large entries and more
## than M are large on the way, a continuation stage can stall; it is
## then retried from the last stage solved with a finer continuation
## (1440 noisy test problems, L up to 8, alpha down to 1e-12, all
## converge).  Should a solve still fail, @code{oplimit} warns
## (@code{overparam:oplimit:notConverged}) and returns its last iterate
## with its residual in @var{info}.
##
## Known limitation: a per-coordinate alpha spread over decades.  Each
## continuation stage scales a coordinate by its own alpha, which
## handles moderate spreads: on Gaussian instances (M = 40, N = 100,
## both models) 64 of 66 cases with (alpha_max/alpha_min)^(L-2) up to
## 1e8 converged, in 12-410 Newton steps (median 23), while 1e16
## and more (alpha from 1e-6 to 1e-2 at L = 6, from 1e-10 to 1e-2 at
## L = 4) reach the iteration limit or stall.  @code{oplimit} then
## warns and returns its last (finite) iterate.
##
## Never garbage: @var{x} is finite; should the iteration lose its
## iterate, @code{oplimit} fails with @code{overparam:oplimit:failed}.
##
## @example
## @group
## [A, y, x0] = opproblem (80, 200, 8, "seed", 1);
## [x, info] = oplimit (A, y, "depth", 3, "init", 1e-4);
## info.message
##   @result{} ans = converged
## norm (x - x0) / norm (x0) < 1e-9
##   @result{} ans = 1
## @end group
## @end example
##
## @seealso{opgd, opbp, opbregman, opset}
## @end deftypefn

function [x, info] = oplimit (A, y, varargin)

  if (nargin < 2)
    print_usage ();
  endif

  ## Input validation
  [A, y, M, N] = __opdata__ ("oplimit", A, y, false);
  A = full (A);
  opts = __opoptions__ ("oplimit", varargin{:});
  L = opts.depth;
  signed = strcmp (opts.model, "signed");
  alpha = opts.init;
  if (isempty (alpha))
    alpha = __opscale__ (A, y, L);
  elseif (! (isscalar (alpha) || (isvector (alpha) && numel (alpha) == N)))
    error ("overparam:oplimit:badInit",
           ["oplimit: INIT must be a positive scalar or an N-vector ", ...
            "(N = %d); the limit is defined for identical factors"], N);
  endif
  alpha = alpha(:);
  tol = opts.tol;
  if (isempty (tol))
    tol = 1e-12;
  endif
  maxiter = opts.maxiter;
  if (isempty (maxiter))
    maxiter = 200;
  endif
  maxiter = min (maxiter, flintmax ());

  ## The flow itself at the given times.
  if (! isempty (opts.times))
    t0 = tic ();
    T = numel (opts.times);
    K = columns (y);
    x = zeros (N, T, K);
    for k = 1:K
      x(:,:,k) = __oplimit_m__ ("flow", A, y(:,k), L, signed, alpha,
                                opts.times);
    endfor
    info = struct ("times", opts.times, "alpha", alpha, "time", toc (t0));
    return;
  endif

  ## The limit, one Newton solve per column.
  t0 = tic ();
  K = columns (y);
  if (strcmp (opts.engine, "c"))
    try
      [x, mu, st] = __oplimit__ (A, y, L, double (signed), alpha, tol,
                                 double (maxiter), 2);
      ## Kept Hessian factors (with steps corrected by conjugate
      ## gradients, the factor in single precision, then in double, then
      ## plain chord steps) save assemblies; should their steps fail,
      ## solve again with a fresh factor at every step, and last with the
      ## dual started at 0 instead of along Y (measured, 1440 noisy
      ## problems: 2 converge only from there).
      for mode = [3 1; 1 1; 0 1; 1 0]'
        redo = find (st(:,7) == 0 | st(:,7) == 2)';
        if (isempty (redo))
          break;
        endif
        [x(:,redo), mu(:,redo), st(redo,:)] = ...
          __oplimit__ (A, y(:,redo), L, double (signed), alpha, tol,
                       double (maxiter), mode(1), mode(2));
      endfor
    catch err
      ## Data with no solution at all (e.g. A = 0, y != 0) can make the
      ## factorization fail: report it as what it is
      for k = 1:K
        if (! feasible (A, y(:,k), signed))
          error ("overparam:oplimit:infeasible",
                 "oplimit: no admissible solution: %s (column %d of Y)",
                 ifelse (signed, "Y is outside the range of A",
                         "Y is outside the cone {A*z : z >= 0}"), k);
        endif
      endfor
      rethrow (err);
    end_try_catch
  else
    x = zeros (N, K);
    mu = zeros (M, K);
    st = zeros (K, 7);
    for k = 1:K
      [x(:,k), mu(:,k), s] = __oplimit_m__ (A, y(:,k), L, signed, alpha,
                                            tol, maxiter);
      if (s.status == 0 || s.status == 2)
        ## The C engine's last fallback: the dual started at 0.
        [x(:,k), mu(:,k), s] = __oplimit_m__ (A, y(:,k), L, signed, alpha,
                                              tol, maxiter, false);
      endif
      st(k,:) = [s.iterations, s.stages, s.factorizations, s.residual, ...
                 s.stationarity, s.decrement, s.status];
    endfor
  endif
  elapsed = toc (t0);

  ## An unbounded dual means that no admissible solution exists; the
  ## Newton method can only show it as a stall, so stalls are checked.
  for k = find (st(:,7)' != 1)
    if (st(k,7) == -1 || ! feasible (A, y(:,k), signed))
      error ("overparam:oplimit:infeasible",
             "oplimit: no admissible solution: %s (column %d of Y)",
             ifelse (signed, "Y is outside the range of A",
                     "Y is outside the cone {A*z : z >= 0}"), k);
    endif
  endfor

  ## A of full column rank: the solution set is the single point A\y
  ## (admissible, checked above), whatever the potential.  The Newton
  ## method handles this case (every coordinate keeps x as its unknown),
  ## but can stall for extreme alpha^(L-2); then take the point itself,
  ## with the dual from grad F (x) - theta0 = A'*mu (least squares: A'
  ## has full row rank).
  redo = find (st(:,7)' != 1);
  if (! isempty (redo) && N <= M && rank (A) == N)
    theta0 = __oppotential__ ("init", opts.model, L, alpha, N);
    for k = redo
      xk = A \ y(:,k);
      res = norm (A * xk - y(:,k)) / norm (y(:,k));
      if (res <= 1e-10 && (signed || all (xk >= 0)))
        x(:,k) = xk;
        mu(:,k) = A' \ (__oppotential__ ("grad", opts.model, L, alpha, xk)
                        - theta0);
        st(k,[4 5 7]) = [res, 0, 1];
      endif
    endfor
  endif

  ## Never hand out garbage: a non-finite entry means the solver lost its
  ## iterate (the C core returns its last finite iterate or fails with
  ## this error itself; the check also covers the M reference).
  for k = find (any (! isfinite (x), 1))
    error ("overparam:oplimit:failed",
           ["oplimit: the Newton iteration failed (column %d of Y): ", ...
            "no finite iterate"], k);
  endfor

  msgs = {"iteration limit reached", "converged", ...
          "stalled: no step decreases the residuals"};
  for k = K:-1:1
    flag = st(k,7);
    info(k) = struct ("exitflag", flag, "message", msgs{flag + 1},
                      "iterations", st(k,1), "stages", st(k,2),
                      "factorizations", st(k,3), "residual", st(k,4),
                      "stationarity", st(k,5), "decrement", st(k,6),
                      "dual", mu(:,k), "alpha", alpha, "time", elapsed / K);
    if (flag != 1)
      warning ("overparam:oplimit:notConverged",
               "oplimit: column %d: %s (relative residual %.1e)", k,
               msgs{flag + 1}, st(k,4));
    endif
  endfor
  if (strcmp (opts.display, "final") || strcmp (opts.display, "iter"))
    for k = 1:K
      printf ("oplimit: %s after %d Newton steps, relative residual %.1e\n",
              info(k).message, info(k).iterations, info(k).residual);
    endfor
  endif

endfunction

function s = ifelse (c, a, b)
  if (c)
    s = a;
  else
    s = b;
  endif
endfunction

## Is there an admissible solution?  Signed: y in range (A); non-negative:
## y in A*R_+^N, an LP feasibility problem.
function ok = feasible (A, y, signed)
  if (signed)
    ok = norm (A * (pinv (A) * y) - y) <= 1e-10 * norm (y);
  else
    [M, N] = size (A);
    [~, ~, err, extra] = glpk (zeros (N, 1), A, y, zeros (N, 1), [],
                               repmat ("S", 1, M), repmat ("C", 1, N), 1,
                               struct ("msglev", 0));
    ok = (err == 0 && any (extra.status == [2 5]));
  endif
endfunction

%!test
%! ## L = 1 is the point nearest to x(0): x(0) = 0 (signed), alpha
%! ## (non-negative), with one Newton step.
%! [A, y] = opproblem (20, 50, 3, "seed", 2);
%! x = oplimit (A, y, "depth", 1);
%! assert (x, pinv (A) * y, 1e-12 * norm (x));
%! [x, info] = oplimit (A, y, "depth", 1, "model", "nonnegative", "init", 0.5);
%! assert (x, 0.5 + pinv (A) * (y - A * 0.5 * ones (50, 1)), 1e-12 * norm (x));
%! assert (info.iterations, 1);
%!test
%! ## Exact recovery in the small-alpha limit; C and M engines agree.
%! [A, y, x0] = opproblem (40, 100, 4, "seed", 3, "model", "nonnegative");
%! [x, info] = oplimit (A, y, "model", "nonnegative", "init", 1e-4);
%! assert (info.exitflag, 1);
%! assert (norm (x - x0) / norm (x0) < 1e-10);
%! xm = oplimit (A, y, "model", "nonnegative", "init", 1e-4, "engine", "m");
%! assert (xm, x, 1e-12 * norm (x));
%!test
%! ## Scale-aware default: oplimit (A, c*y) = c*oplimit (A, y).
%! [A, y] = opproblem (30, 80, 4, "seed", 4);
%! x1 = oplimit (A, y);
%! x2 = oplimit (A, 1e5 * y);
%! assert (x2, 1e5 * x1, 1e-9 * norm (x2));
%!test
%! ## K right-hand sides are K independent problems.
%! [A, y1] = opproblem (30, 80, 4, "seed", 5);
%! [~, y2] = opproblem (30, 80, 4, "seed", 6);
%! [X, info] = oplimit (A, [y1, y2], "depth", 4, "init", 1e-2);
%! assert (size (X), [80, 2]);
%! assert (size (info), [1, 2]);
%! assert (X(:,2), oplimit (A, y2, "depth", 4, "init", 1e-2), 1e-13);
%!test
%! ## Per-coordinate alpha: the dual certifies stationarity.
%! [A, y] = opproblem (20, 60, 3, "seed", 7, "model", "nonnegative");
%! alpha = 0.01 * (1 + rand (60, 1));
%! [x, info] = oplimit (A, y, "model", "nonnegative", "depth", 3,
%!                      "init", alpha);
%! theta = -x .^ (-1/3);
%! theta0 = -alpha .^ -1;
%! assert (theta - theta0, A' * info.dual, 1e-9 * norm (theta - theta0));
%!test
%! ## The flow at t = 0 is x(0) and approaches the limit.
%! [A, y] = opproblem (10, 30, 2, "seed", 8, "model", "nonnegative");
%! X = oplimit (A, y, "model", "nonnegative", "init", 0.3,
%!              "times", [0, 1e4]);
%! assert (X(:,1), 0.3^3 * ones (30, 1), 1e-12);
%! xl = oplimit (A, y, "model", "nonnegative", "init", 0.3);
%! assert (X(:,2), xl, 1e-4 * norm (xl));
%!test
%! ## A feasible problem stopped early warns (after the LP check) rather
%! ## than reporting infeasibility.
%! [A, y] = opproblem (10, 30, 2, "seed", 9, "model", "nonnegative");
%! warning ("off", "overparam:oplimit:notConverged", "local");
%! [x, info] = oplimit (A, y, "model", "nonnegative", "maxiter", 1);
%! assert (info.exitflag, 0);
%!warning <iteration limit>
%! [A, y] = opproblem (10, 30, 2, "seed", 9, "model", "nonnegative");
%! oplimit (A, y, "model", "nonnegative", "maxiter", 1);
%!error <Invalid call> oplimit (1)
%!error id=overparam:oplimit:badA oplimit ({1, 2}, 1)
%!error id=overparam:oplimit:badA oplimit ([1 NaN], 1)
%!error id=overparam:oplimit:badA oplimit ([1 Inf], 1)
%!error id=overparam:oplimit:badA oplimit ([1 1i], 1)
%!error id=overparam:oplimit:badA oplimit (int8 ([1 2]), 1)
%!error id=overparam:oplimit:badA oplimit (zeros (0, 3), zeros (0, 1))
%!error id=overparam:oplimit:badY oplimit ([1 2], NaN)
%!error id=overparam:oplimit:badY oplimit ([1 2], 1i)
%!error id=overparam:oplimit:badY oplimit ([1 2], int8 (1))
%!error id=overparam:oplimit:badY oplimit ([1 2], [])
%!error id=overparam:oplimit:badY oplimit ([1 2], "a")
%!error id=overparam:oplimit:sizeMismatch oplimit ([1 2], [1; 2])
%!error id=overparam:oplimit:badDepth oplimit ([1 2], 1, "depth", 0)
%!error id=overparam:oplimit:badInit oplimit ([1 2], 1, "init", 0)
%!error id=overparam:oplimit:badInit oplimit ([1 2], 1, "init", -1)
%!error id=overparam:oplimit:badInit oplimit ([1 2], 1, "init", [1 2 3])
%!error id=overparam:oplimit:badInit oplimit ([1 2], 1, "init", ones (2, 3))
%!error id=overparam:oplimit:badTol oplimit ([1 2], 1, "tol", -1)
%!error id=overparam:oplimit:badTimes oplimit ([1 2], 1, "times", -1)
%!error id=overparam:oplimit:unknownOption oplimit ([1 2], 1, "nosuch", 1)
%!error id=overparam:oplimit:infeasible oplimit (zeros (3, 5), [1; 2; 3], "depth", 1)
%!error id=overparam:oplimit:infeasible
%! oplimit ([1 1; 1 1], [1; -1], "model", "nonnegative");
%!error id=overparam:oplimit:infeasible
%! oplimit ([1 2; 3 4; 5 6], [1; 0; 0], "model", "nonnegative");
%!error id=overparam:oplimit:infeasible
%! oplimit ([1 0; 0 1], [1; -1], "model", "nonnegative", "depth", 3);
%!error id=overparam:oplimit:infeasible
%! oplimit ([1 1; 1 1], [1; -1]);
