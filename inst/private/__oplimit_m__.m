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
## @deftypefn  {} {[@var{x}, @var{mu}, @var{st}] =} __oplimit_m__ (@var{A}, @var{y}, @var{L}, @dots{})
## @deftypefnx {} {@var{X} =} __oplimit_m__ ("flow", @var{A}, @var{y}, @var{L}, @dots{})
## Call forms: @code{(A, y, L, signed, alpha, tol, maxiter)},
## @code{(A, y, L, signed, alpha, tol, maxiter, start)} and
## @code{("flow", A, y, L, signed, alpha, times)}.  @var{start} (default
## true) starts the dual along @var{y} for L >= 3, false at 0, as the
## START argument of @code{__oplimit__}.
##
## Reference implementation of the damped Newton method of
## @code{oplimit} for one right-hand side @var{y}; the C core
## (src/core/limit.c) does the same with BLAS and a reused Hessian.
## @var{alpha} is a scalar or an N-vector.  @var{st} has the fields
## @code{iterations}, @code{stages}, @code{factorizations},
## @code{residual} (relative),
## @code{stationarity}, @code{decrement} and @code{status} (1 converged,
## 0 iteration limit, 2 stalled, -1 infeasible: a Farkas direction).
##
## Scaled dual.  theta = theta0 + A'*mu is written as theta0 + c*t with
## t = A'*nu, mu = c*nu, and x = chi (t) coordinate-wise.  For L >= 3,
## a = alpha.^(2-L), aref = max (a), beta = a/aref, c = aref/(L-2) and,
## with p = L/(L-2) and w = beta - t (w+- = beta -+ t, signed),
## chi (t) = aref^(-p) * w.^(-p)  (signed: w+.^(-p) - w-.^(-p)),
## so that t stays O(1) however small alpha is.
##
## Hybrid coordinates.  At the support w is of the order alpha^(L-2) and
## beta - t cannot carry it (it is below eps for alpha = 1e-12, L = 6).
## Coordinates whose curvature chi' exceeds 1e6 times its value at t = 0
## therefore keep x itself as the unknown (set B), tied to nu by
## phi (x) = t, phi the inverse of chi, evaluated from x without
## cancellation; the others (set Z) keep x = chi (A'*nu).  A member
## leaves B below 1e4, or when its Newton step would take x to 0 or
## beyond (then it stays in Z for the rest of the stage unless its ratio
## passes 1e12); entries below 1e-12 of the largest enter B only for
## L >= 3 and a ratio above 1e12.  Newton on
## [A x - y = 0; phi(x_B) - A_B'*nu = 0] is solved by the range-space
## method: H_Z = A_Z diag (chi') A_Z' + gam*I (Cholesky, well
## conditioned since chi' on Z spans at most six decades; gam, 100 eps of
## the size of A*x, keeps rounding-level residuals from moving nu where
## chi' is tiny), then the small Schur complement
## A_B' H_Z \ A_B + diag (1/chi'_B).
##
## Continuation.  alpha is replaced by max (alpha_j, lambda*alpha_min)
## coordinate-wise; lambda^L starts where the initial product is 1e-5 of
## the solution's scale and falls by an adaptive factor per stage (1e-8
## at first) down to 1, each stage warm-started by the last and solved
## to a relative 1e-3 (the first, only a start, to 0.1).  Only the scale
## of chi changes with lambda.  For L >= 3 the first stage starts at
## nu = 0.9 c*y, c maximizing the dual along y.
##
## Everything but the reuse of Hessian factors (and the conjugate
## gradients that correct the reused steps) is that of limit.c, whose
## top comment gives the reasons and measurements; the reference
## refactors at every step, as the C core does with reuse = 0.
## @end deftypefn

function [x, mu, st] = __oplimit_m__ (A, y, L, signed, alpha, tol, maxiter,
                                       start = true)

  if (ischar (A))
    ## __oplimit_m__ ("flow", A, y, L, signed, alpha, times)
    x = flow (y, L, signed, alpha, tol, maxiter);
    return;
  endif
  [M, N] = size (A);
  alpha = alpha(:) .* ones (N, 1);
  K = kind_of (L, signed, alpha);
  st = struct ("iterations", 0, "stages", 0, "factorizations", 0,
               "residual", 0, "stationarity", 0, "decrement", 0,
               "status", 1);
  if (signed && ! any (y))
    ## x(0) = 0 already solves A z = 0 and theta0 = 0.
    x = zeros (N, 1);
    mu = zeros (M, 1);
    return;
  endif
  [x, mu, st] = solve (A, y, K, alpha, tol, maxiter, st, start);

endfunction

function [x, mu, st] = solve (A, y, K, alpha, tol, maxiter, st, start)

  [M, N] = size (A);
  ## Residuals are relative to norm (y), or to the initial residual
  ## when y = 0 (non-negative model).
  ynorm = norm (y);
  if (ynorm == 0)
    ynorm = max (norm (A * alpha .^ K.L), realmin);
  endif

  ## Continuation: loglam = log lambda^L from the solution scale down
  ## to 0.  lambda scales alpha_min; each coordinate keeps the scale
  ## max (alpha_j, lambda alpha_min) (see loglam_of), so that the first
  ## stage starts from a uniform x (0) at 1e-5 of the solution's scale.
  loglam = 0;
  if (K.L >= 2 && norm (y) > 0)
    d = A' * y;
    lsig = log (norm (d, Inf)) + 2 * log (norm (d)) - 2 * log (norm (A * d));
    l0 = log (1e-5) + lsig - K.L * min (log (alpha));
    if (isfinite (l0) && l0 > 0)
      loglam = l0;
    endif
  endif
  lfac = log (1e-8);
  ## A stage that stalls is retried from the last stage solved with a
  ## quarter of the failed step in log lambda^L (and steps may not grow
  ## back beyond half of it), at most 6 times, as in limit.c.
  lcap = log (1e-16);
  good = [];
  restarts = 0;

  ## The start, L >= 3: nu = 0.9 c y with c maximizing G (c y) gives the
  ## largest correlations a head start up the dual; else nu = 0.
  nu = zeros (M, 1);
  t = zeros (N, 1);
  if (start && K.L >= 3 && norm (y) > 0)
    [nu, t] = start_on_y (K, loglam, A, y);
  endif
  inB = false (N, 1);
  xB = zeros (N, 1);
  while (true)
    st.stages++;
    final = (loglam == 0);
    its0 = st.iterations;
    ## Only the last stage needs the tolerance; the first, only a start
    ## for the next, is solved to 0.1.
    tolk = tol;
    if (! final)
      tolk = max (tol, 1e-3);
      if (st.stages == 1)
        tolk = max (tol, 0.1);
      endif
    endif
    restartable = ! isempty (good) && restarts < 6;
    [nu, t, inB, xB, st, x] = newton (A, y, K, loglam, nu, t, inB, xB,
                                      tolk, maxiter, ynorm, st,
                                      restartable);
    if (st.status == 2 && ! isempty (good) && restarts < 6
        && st.iterations < maxiter)
      restarts++;
      failed = loglam - good.loglam;
      nu = good.nu;
      t = good.t;
      inB = good.inB;
      xB = good.xB;
      lfac = failed / 4;
      lcap = failed / 2;
      loglam = max (0, good.loglam + lfac);
      continue;
    endif
    if (final || st.status != 1)
      break;
    endif
    good = struct ("loglam", loglam, "nu", nu, "t", t, "inB", inB,
                   "xB", xB);
    ## Fast stages: take bigger ones; slow stages: smaller ones.
    nits = st.iterations - its0;
    if (nits <= 3)
      lfac = max (2 * lfac, lcap);
    elseif (nits > 8)
      lfac /= 2;
    endif
    loglam = max (0, loglam + lfac);
  endwhile

  ## x as the last Newton step evaluated it (A'*nu afresh could put a
  ## coordinate next to its boundary outside it by rounding).
  mu = K.c * nu;

endfunction

## Damped Newton at one lambda.  t enters as the t = A'*nu accumulated
## by the last stage (used should A'*nu afresh leave the domain).
function [nu, t, inB, xB, st, x] = newton (A, y, K, loglam, nu, t, inB, xB,
                                           tol, maxiter, ynorm, st,
                                           restartable)

  [M, N] = size (A);
  its0 = st.iterations;
  tiny = 0;
  ## Members of B sent back to Z this stage (see the step).
  kicked = false (N, 1);
  colmax = max (sqrt (sumsq (A)));
  ## t = A'*nu afresh (the steps accumulate t + s*dt); should rounding put
  ## a coordinate of Z outside its domain, keep the accumulated t, with
  ## which the last stage evaluated x finite.
  t0 = t;
  t = A' * nu;
  [x, D, ratio, rB] = evaluate (K, loglam, t, inB, xB);
  if (! all (isfinite (x) & isfinite (D)))
    t = t0;
    [x, D, ratio, rB] = evaluate (K, loglam, t, inB, xB);
  endif
  while (true)
    ## Membership, then the residuals.  Should the new membership leave
    ## some x undefined (a member dropped beyond 2M with t outside its
    ## domain), the old one is restored and the stage stalls.
    if (K.hybrid)
      inB0 = inB;
      [inB, xB] = update_b (K, M, t, x, ratio, inB, xB, kicked);
      [x1, D1, ratio1, rB1] = evaluate (K, loglam, t, inB, xB);
      if (! all (isfinite (x1) & isfinite (D1)))
        inB = inB0;
        st.status = 2;
        return;
      endif
      x = x1;
      D = D1;
      ratio = ratio1;
      rB = rB1;
    endif
    rp = y - A * x;
    res = norm (rp) / ynorm;
    stat = norm (rB) / max (norm (t), realmin);
    st.residual = res;
    st.stationarity = stat;
    ## Each stage takes at least one step (a stage met at once would let
    ## the next start from a point made for a far larger alpha).
    if (res <= tol && stat <= tol && st.iterations > its0)
      st.status = 1;
      return;
    endif
    if (st.iterations >= maxiter)
      st.status = 0;
      return;
    endif

    ## Newton step by the range-space method.  Residuals below the
    ## rounding level gam of A*x must not move nu: where chi' is tiny
    ## (x_Z far below that level) H_Z + gam*I keeps dnu = O(1).
    Z = ! inB;
    if (any (Z))
      h = max (D(Z));
      AZ = A(:,Z) .* sqrt (D(Z)' / h);
      gam = 0;
      if (K.L > 1)
        gam = 100 * eps * (ynorm + colmax * sum (abs (x)));
      endif
      Hs = AZ * AZ';
      Hs(1:M+1:end) += gam / h;
    else
      ## Z empty (e.g. A of full column rank): H_Z = 0 is replaced by
      ## h*I, h = 1e-8 of the largest chi'_j ||a_j||^2 of B, a regularized
      ## Newton step with the same fixed point (see limit.c).
      h = 1e-8 * max (D(inB) .* sumsq (A(:,inB))');
      Hs = eye (M);
    endif
    [R, fail] = chol (Hs);
    st.factorizations++;
    if (fail)
      [R, fail] = chol (Hs + 1e-13 * max (diag (Hs)) * eye (M));
      if (fail)
        ## Not even shifted: stop with the last (finite) iterate.
        st.status = 2;
        return;
      endif
    endif
    AB = A(:,inB);
    if (any (inB))
      W = R \ (R' \ AB);
      S0 = AB' * W;
      [RS, fail] = chol (S0 + diag (h ./ D(inB)));
      if (fail)
        ## Indefinite in rounding: shift by 1e-13 of the diagonal.
        [RS, fail] = chol (S0 + diag (h ./ D(inB) + 1e-13 * max (diag (S0))));
        if (fail)
          st.status = 2;
          return;
        endif
      endif
      dxB = RS \ (RS' \ (W' * rp - h * rB(inB)));
      dnu = R \ (R' \ (rp - AB * dxB)) / h;
    else
      dxB = zeros (0, 1);
      dnu = R \ (R' \ rp) / h;
    endif
    ## A member of B whose Newton step reaches or crosses 0 (dx_B <=
    ## -x_B) belongs in Z: along log |x_B| it shrinks by e^-1 per full
    ## step at most, and the line search cuts it further (limit.c measured
    ## one creeping for 190 steps).  Back in Z, x = chi (t) may take any
    ## value; each coordinate is sent back at most once per stage, judged
    ## next by its ratio in Z, and the step is recomputed.
    kick = false (N, 1);
    kick(inB) = dxB ./ xB(inB) <= -1;
    kick &= ! kicked & in_domain (K, t);
    if (any (kick))
      inB(kick) = false;
      kicked |= kick;
      [~, ~, rz] = chi (K, loglam, t);
      ratio(kick) = rz(kick);
      continue;
    endif
    st.decrement = sqrt (abs (K.c * (rp' * dnu)));
    st.iterations++;

    ## A direction along which the dual rises for ever proves that no
    ## admissible solution exists.  Quantified: y = A z with z >= 0
    ## gives <y, dnu> <= ||z||_1 max (A'*dnu)_+, and every solution has
    ## ||z||_1 >= ||y|| / max_j ||a_j||; a larger <y, dnu> leaves only
    ## solutions 1e8 times larger than the smallest possible (limit.c).
    dt = A' * dnu;
    if (! K.signed && K.L >= 2)
      dtpos = max ([dt; -Inf]);
      yd = y' * dnu;
      if ((dtpos <= 1e-13 * norm (dt, Inf) && yd > 0)
          || yd > 1e8 * (ynorm / colmax) * max (dtpos, 0))
        st.status = -1;
        return;
      endif
    endif

    ## Largest step keeping every coordinate in its domain, then
    ## backtracking on the residual.  x_B moves along log |x_B| (same
    ## first-order step; with L = 2 phi is linear in it), which keeps its
    ## sign, by at most e^20.  Non-negative, L >= 3: an x_B that must
    ## fall far (du < -0.5) overshoots along log x, phi being exponential
    ## in it; it moves along w = beta - phi instead, linear in phi, as Z
    ## does (see along_w in limit.c).
    du = dxB ./ xB(inB);
    aw = (K.L >= 3 && ! K.signed) & du < -0.5;
    s = min ([1; max_step(K, t, dt, Z); 20 / max([abs(du(! aw)); realmin])]);
    m0 = res^2 + norm (rB)^2;
    while (true)
      nu1 = nu + s * dnu;
      t1 = t + s * dt;
      xB1 = xB;
      xB1(inB) = xB(inB) .* exp (s * du);
      if (any (aw))
        iw = find (inB)(aw);
        xB1(iw) = xB(iw) .* (1 - s * du(aw) / K.p) .^ -K.p;
      endif
      [x1, D1, ratio1, rB1] = evaluate (K, loglam, t1, inB, xB1);
      if (all (isfinite (x1) & isfinite (D1)))
        m1 = (norm (y - A * x1) / ynorm)^2 + norm (rB1)^2;
        if (m1 <= (1 - 1e-4 * s) * m0)
          break;
        endif
      endif
      s /= 2;
      if (s < 1e-14)
        st.status = 2;
        return;
      endif
    endwhile
    ## Creeping: 10 steps in a row below 1e-3 of the Newton step cover
    ## less than 1% of it; a restart, when possible, is cheaper.
    if (s < 1e-3)
      tiny++;
    else
      tiny = 0;
    endif
    if (tiny >= 10 && restartable)
      st.status = 2;
      return;
    endif
    nu = nu1;
    t = t1;
    xB = xB1;
    x = x1;
    D = D1;
    ratio = ratio1;
    rB = rB1;
  endwhile

endfunction

## nu = 0.9 c y and t = A'*nu for the c maximizing G (c y), L >= 3: at
## the boundary of the coordinate most correlated with y, G' (c) =
## <y, y - A x (c)> falls from > 0 to -Inf, so bisection to 1e-6 finds
## it, O(N) per evaluation since t = c A'*y; 0.9 keeps the largest
## correlations clear of their boundary.
function [nu, t] = start_on_y (K, loglam, A, y)
  u = A' * y;
  lim = K.beta(u > 0) ./ u(u > 0);
  if (K.signed)
    lim = [lim; K.beta(u < 0) ./ -u(u < 0)];
  endif
  if (isempty (lim))
    ## A'*y <= 0 (non-negative): G rises along y for ever, which the
    ## first Newton step reports as infeasible.
    nu = zeros (size (y));
    t = zeros (size (u));
    return;
  endif
  lo = 0;
  hi = min (lim);
  while (hi - lo > 1e-6 * hi)
    c = (lo + hi) / 2;
    if (sumsq (y) - chi (K, loglam, c * u)' * u > 0)
      lo = c;
    else
      hi = c;
    endif
  endwhile
  nu = 0.9 * lo * y;
  t = 0.9 * lo * u;
endfunction

## x, chi' and the ratio at t for the set B; rB = phi (x_B) - t_B on B,
## 0 on Z.
function [x, D, ratio, rB] = evaluate (K, loglam, t, inB, xB)
  [x, D, ratio] = chi (K, loglam, t);
  rB = zeros (size (t));
  if (K.hybrid)
    [x, D, ratio, rB(inB)] = hybrid (K, loglam, t, x, D, ratio, inB, xB);
  endif
endfunction

## Is t inside the domain of chi?  (x_B and t are tied only at the
## solution; off it, t of a coordinate of B may lie beyond beta.)
function ok = in_domain (K, t)
  ok = true (size (t));
  if (K.L >= 3)
    ok = K.beta - t > 0 & (! K.signed | K.beta + t > 0);
  endif
endfunction

## Curvature decides who keeps x as the unknown, with hysteresis: in
## above a ratio of 1e6, out below 1e4 (members whose t lies outside the
## domain of chi stay).  At most M by largest ratio; up to kmax (2M) while
## the others' ratio stays below 1e12, beyond which 1/chi' cannot hold
## the Schur complement (or their t lies outside the domain).  Members
## sent back to Z this stage (kicked) re-enter only above 1e12.
function [inB, xB] = update_b (K, M, t, x, ratio, inB, xB, kicked)
  N = numel (x);
  ax = abs (x);
  xmax = max (ax);
  dom = in_domain (K, t);
  ## Entries far below the largest (1e-12) stay in Z.  L = 2 has no
  ## cancellation and no boundary: B only keeps H_Z well conditioned,
  ## and many such entries would make the Schur complement singular.
  ## L >= 3: unless their ratio passes 1e12, where cancellation begins;
  ## below it Z represents them well, and in B they crept (limit.c).
  tiny = ax < 1e-12 * xmax & ! (K.L >= 3 & ratio > 1e12);
  ## A member sent back to Z this stage re-enters only where cancellation
  ## in beta - t would begin to cost digits.
  enter = ! inB & ratio > 1e6 & ! tiny & (! kicked | ratio > 1e12);
  leave = inB & (! (ratio >= 1e4) | (K.L == 2 & ax < 1e-14 * xmax)) & dom;
  inB = (inB & ! leave) | enter;
  xB(enter) = x(enter);
  if (nnz (inB) > M)
    kmax = N;
    if (M < N / 2)
      kmax = 2 * M;
    endif
    i = find (inB);
    [r, o] = sort (ratio(i), "descend");
    i = i(o);
    keep = 0;
    for k = 1:numel (i)
      if (k <= M || (keep < kmax && (r(k) <= 1e12 || ! dom(i(k)))))
        keep++;
      else
        inB(i(k)) = false;
      endif
    endfor
  endif
endfunction

## The flow itself: nu' = (y - A*chi (A'*nu)) / c, nu(0) = 0, is mu' =
## y - A*psi (theta0 + A'*mu) in the scaled dual; stiff, hence ode15s
## with the exact Jacobian -A*diag (chi')*A'/c.
function X = flow (A, y, L, signed, alpha, times)
  [M, N] = size (A);
  K = kind_of (L, signed, alpha(:) .* ones (N, 1));
  [ts, ~, back] = unique ([0; times(:)]);
  X = zeros (N, numel (ts));
  X(:,1) = chi (K, 0, zeros (N, 1));
  if (numel (ts) > 1)
    rhs = @(t, nu) (y - A * chi (K, 0, A' * nu)) / K.c;
    jac = @(t, nu) -(A .* jac_d (K, A' * nu)') * A' / K.c;
    o = odeset ("RelTol", 1e-6, "AbsTol", 1e-9, "Jacobian", jac);
    ## Output points on a geometric grid as well: IDA's first step is
    ## chosen from the first output time and fails when that is too far.
    tg = unique ([ts; ts(end) * 10 .^ (-12:0)']);
    [~, nus] = ode15s (rhs, tg, zeros (M, 1), o);
    [~, at] = ismember (ts, tg);
    for i = 2:numel (ts)
      X(:,i) = chi (K, 0, A' * nus(at(i),:)');
    endfor
  endif
  X = X(:,back(2:end));
endfunction

function D = jac_d (K, t)
  [~, D] = chi (K, 0, t);
endfunction

## The coordinate maps x = chi (t), chi' (t) and chi' (t) / chi' (0).
function K = kind_of (L, signed, alpha)
  K.L = L;
  K.signed = signed;
  K.hybrid = (L >= 2);
  K.alpha = alpha;
  ## L log (alpha_j / alpha_min): zero for a scalar alpha (loglam_of).
  K.off = L * (log (alpha) - min (log (alpha)));
  if (L >= 3)
    K.p = L / (L - 2);
    ## Work with logs: alpha^(2-L) overflows before alpha underflows.
    la = (2 - L) * log (alpha);
    K.beta = exp (la - max (la));
    K.c = exp (max (la)) / (L - 2);
    K.lcx = -K.p * max (la);
  else
    K.c = 1;
  endif
endfunction

## log lambda_j^L of each coordinate: the stage's scale ends at
## alpha_min, each coordinate's own scale at its alpha_j.
function ll = loglam_of (K, loglam)
  ll = max (0, loglam - K.off);
endfunction

function [x, D, ratio] = chi (K, loglam, t)
  a = K.alpha;
  switch (K.L)
    case 1
      if (K.signed)
        x = 2 * t;
        D = 2 * ones (size (t));
      else
        x = a + t;
        D = ones (size (t));
      endif
      ratio = ones (size (t));
    case 2
      l2 = 2 * log (a) + loglam_of (K, loglam);
      if (K.signed)
        x = exp (2 * t + l2) - exp (-2 * t + l2);
        D = 2 * (exp (2 * t + l2) + exp (-2 * t + l2));
        ratio = cosh (2 * t);
      else
        x = exp (2 * t + l2);
        D = 2 * x;
        ratio = exp (2 * t);
      endif
    otherwise
      p = K.p;
      b = K.beta;
      lc = K.lcx + loglam_of (K, loglam);
      ## Outside the domain (only coordinates of B get there) x is NaN.
      wp = b - t;
      wp(wp <= 0) = NaN;
      if (K.signed)
        wm = b + t;
        wm(wm <= 0) = NaN;
        lp = log (wp);
        lm = log (wm);
        ## x = e^lc (w+^-p - w-^-p) cancels for |t| << beta (a coordinate
        ## whose beta is far above the others'); with u = t / beta it is
        ## e^lc w+^-p (1 - ((1 - u) / (1 + u))^p), the last factor by expm1.
        u = t ./ b;
        u(isnan (wp) | isnan (wm)) = NaN;
        x = -exp (lc - p * lp) .* expm1 (-p * (log1p (u) - log1p (-u)));
        D = p * (exp (lc - (p+1) * lp) + exp (lc - (p+1) * lm));
        ratio = (exp ((p+1) * (log (b) - lp))
                 + exp ((p+1) * (log (b) - lm))) / 2;
      else
        lw = log (wp);
        x = exp (lc - p * lw);
        D = p * x ./ wp;
        ratio = exp ((p+1) * (log (b) - lw));
      endif
  endswitch
endfunction

## Coordinates in B: x is the unknown; rB = phi (x_B) - t_B, chi' from x.
function [x, D, ratio, rB] = hybrid (K, loglam, t, x, D, ratio, inB, xB)
  i = find (inB);
  xi = xB(i);
  x(i) = xi;
  ti = t(i);
  ll = loglam_of (K, loglam);
  ll = ll(i);
  switch (K.L)
    case 2
      l2 = 2 * log (K.alpha(i)) + ll;
      if (K.signed)
        ## 2 alpha^2 sinh (2 phi) = x; asinh z = log 2z for large z
        ## (where z itself may overflow).
        lz = log (abs (xi)) - l2 - log (2);
        ph = asinh (xi .* exp (-l2) / 2) / 2;
        big = lz > 20;
        ph(big) = sign (xi(big)) .* (lz(big) + log (2)) / 2;
        D(i) = 2 * (exp (2 * ph + l2) + exp (-2 * ph + l2));
        ratio(i) = cosh (2 * ph);
      else
        ph = (log (xi) - l2) / 2;
        D(i) = 2 * xi;
        ratio(i) = exp (2 * ph);
      endif
      rB = ph - ti;
    otherwise
      p = K.p;
      b = K.beta(i);
      lc = K.lcx + ll;
      ## w = (|x| / e^lc)^(-1/p) from logs, without cancellation.
      lX = log (abs (xi)) - lc;
      w = exp (-lX / p);
      if (K.signed)
        ## The dominant branch: w^-p - (2 beta - w)^-p = |x| / e^lc, a
        ## contraction with rate (w / (2 beta - w))^(p+1) < 0.1^(p+1) in
        ## B, iterated per coordinate to 4 eps.
        eX = exp (-lX);
        todo = true (size (w));
        for k = 1:60
          wn = exp (-lX(todo) / p) ...
               .* (1 + (2 * b(todo) - w(todo)) .^ -p .* eX(todo)) .^ (-1/p);
          done = abs (wn - w(todo)) <= 4 * eps * w(todo);
          w(todo) = wn;
          todo(todo) = ! done;
          if (! any (todo))
            break;
          endif
        endfor
        wo = 2 * b - w;
        D(i) = p * (exp (lc - (p+1) * log (w)) + exp (lc - (p+1) * log (wo)));
        ratio(i) = (exp ((p+1) * (log (b) - log (w)))
                    + exp ((p+1) * (log (b) - log (wo)))) / 2;
        ## phi = beta - w (x > 0) or w - beta (x < 0)
        sg = 2 * (xi > 0) - 1;
        rB = sg .* ((b - sg .* ti) - w);
      else
        D(i) = p * xi ./ w;
        ratio(i) = exp ((p+1) * (log (b) + lX / p));
        rB = (b - ti) - w;
      endif
  endswitch
endfunction

## Fraction to the boundary: w (Z) shrinks at most 100-fold;
## with L = 2 t moves at most by 10 (x by e^20) per step.
function s = max_step (K, t, dt, Z)
  s = Inf;
  if (K.L == 2)
    s = min (s, 10 / max (norm (dt(Z), Inf), realmin));
  elseif (K.L >= 3)
    b = K.beta;
    up = Z & dt > 0;
    s = min ([s; 0.99 * (b(up) - t(up)) ./ dt(up)]);
    if (K.signed)
      dn = Z & dt < 0;
      s = min ([s; 0.99 * (b(dn) + t(dn)) ./ -dt(dn)]);
    endif
  endif
endfunction

%!test
%! ## L = 1 (signed): one Newton step to pinv (A) * y.
%! A = [1 0 2; 0 1 -1];
%! [x, mu, st] = __oplimit_m__ (A, [1; 2], 1, true, 0.5, 1e-12, 10);
%! assert (x, pinv (A) * [1; 2], 1e-14);
%! assert (A' * mu, x / 2, 1e-14);
%! assert ([st.iterations, st.status], [1, 1]);
%!test
%! ## Non-negative L = 3: A x = y and grad F (x) - theta0 = A' * mu.
%! A = [1 0 2 1; 0 1 -1 1];
%! alpha = 0.1;
%! [x, mu, st] = __oplimit_m__ (A, [3; 1], 3, false, alpha, 1e-12, 50);
%! assert (st.status, 1);
%! assert (A * x, [3; 1], 1e-12);
%! assert (-x .^ (-1/3) + alpha ^ -1, A' * mu, 1e-9);
%!test
%! ## The flow starts at alpha^L and approaches the limit.
%! A = [1 0 2 1; 0 1 -1 1];
%! X = __oplimit_m__ ("flow", A, [3; 1], 3, false, 0.5, [0 1e4]);
%! assert (X(:,1), 0.125 * ones (4, 1), 1e-15);
%! x = __oplimit_m__ (A, [3; 1], 3, false, 0.5, 1e-12, 50);
%! assert (X(:,2), x, 1e-4);
%!test
%! ## The same method as the C core with reuse = 0: the same limit in the
%! ## same number of Newton steps up to rounding (before the start on y,
%! ## the kicks and per-coordinate alpha came to the reference, these
%! ## took 13-200 steps against 11-53, and two did not converge).
%! [A, ys] = opproblem (30, 80, 3, "seed", 1, "model", "signed");
%! [~, yn] = opproblem (30, 80, 3, "seed", 1, "model", "nonnegative");
%! cases = {true, 6, 1e-6, ys; false, 6, 1e-6, yn;
%!          true, 3, logspace(-3, -4, 80)', ys;
%!          false, 3, logspace(-3, -4, 80)', yn;
%!          true, 3, logspace(-2, -6, 80)', ys;
%!          false, 3, logspace(-2, -6, 80)', yn};
%! for k = 1:rows (cases)
%!   [sg, L, al, y] = cases{k,:};
%!   [xc, ~, stc] = __oplimit__ (A, y, L, double (sg), al, 1e-12, 200, 0);
%!   [xm, ~, stm] = __oplimit_m__ (A, y, L, sg, al, 1e-12, 200);
%!   assert ([stc(7), stm.status], [1, 1]);
%!   assert (abs (stm.iterations - stc(1)) <= 2);
%!   assert (norm (xm - xc, Inf) <= 1e-10 * norm (xc, Inf));
%! endfor
