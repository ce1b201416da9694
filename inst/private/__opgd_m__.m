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
## @deftypefn {} {[@var{state}, @var{hist}, @var{status}, @var{x}, @var{rnorm}] =} __opgd_m__ (@var{A}, @var{y}, @var{state}, @var{params})
## Readable M reference of the gradient-descent engine: the same iteration,
## step rules and stopping tests as src/core/gd.c, one chunk of at most
## @code{params.maxsteps} steps for one right-hand side.  @var{A} is a
## matrix or a cell @code{@{Afun, Atfun@}} of function handles computing
## @code{A*x} and @code{A'*r}.  Internal: called by @code{opgd}.
## @end deftypefn

function [state, hist, status, x, rnorm] = __opgd_m__ (A, y, state, params)

  if (iscell (A))
    Afun = A{1};
    Atfun = A{2};
  else
    Afun = @(x) A * x;
    Atfun = @(r) A' * r;
  endif
  P = params;
  L = P.depth;
  sgn = P.signed != 0;
  auto = P.auto != 0;
  u = state.u;
  v = state.v;
  eta = state.eta;
  n = rows (u);
  nref = columns (P.reference);

  hist = struct ("iteration", [], "residual", [], "loss", [], "l1norm", [],
                 "step", [], "energy", [], "bregman", zeros (0, nref),
                 "paths", zeros (0, numel (P.paths)));

  x = product (P, u, v);
  r = Afun (x) - y;
  rr = r' * r;
  g = Atfun (r);
  if (state.iter == 0)
    hist = record (hist, P, state, x, rr, ifelse (auto, eta, P.step));
  endif

  status = 0;
  k = 0;
  while (true)
    rn = sqrt (rr);
    if (P.discrepancy > 0 && rn <= P.discrepancy)
      status = 3;
      break;
    endif
    if (rn <= P.tolabs)
      status = 1;
      break;
    endif
    if (k >= P.maxsteps)
      break;
    endif
    k++;

    ## Trial steps: halve until admissible (and, for the adaptive step,
    ## until the Armijo condition holds).
    if (auto)
      gn2 = grad_norm2 (P, u, v, g);
    endif
    eta_try = ifelse (auto, eta, P.step);
    shrunk = false;
    accepted = false;
    for trial = 1:200
      [u1, v1, ok] = candidate (P, u, v, g, eta_try, auto);
      if (! ok)
        eta_try /= 2;
        shrunk = true;
        continue;
      endif
      x1 = product (P, u1, v1);
      r1 = Afun (x1) - y;
      rr1 = r1' * r1;
      if (! isfinite (rr1) || ! all (isfinite (x1)))
        if (! auto)
          break;
        endif
        eta_try /= 2;
        continue;
      endif
      if (auto && 0.5 * rr1 > 0.5 * rr - 1e-4 * eta_try * gn2)
        eta_try /= 2;
        continue;
      endif
      accepted = true;
      break;
    endfor
    if (! accepted)
      if (! auto && trial < 200)
        status = -1;
      else
        status = 2;
      endif
      break;
    endif

    if (shrunk && ! auto)
      state.nshrink += 1;
    endif
    state.energy += eta_try * rr;
    u = u1;
    v = v1;
    x = x1;
    r = r1;
    rr = rr1;
    g = Atfun (r);
    state.iter += 1;
    if (auto)
      eta = eta_try * 1.1;
    endif
    if (mod (state.iter, P.record) == 0)
      hist = record (hist, P, state, x, rr, eta_try);
    endif
    if (mod (state.iter, P.stallwindow) == 0)
      dx = norm (x - state.xcheck);
      state.xcheck = x;
      if (dx <= P.stalltol * norm (x))
        status = 2;
        break;
      endif
    endif
  endwhile

  if ((status != 0 || P.final) && (isempty (hist.iteration)
                      || hist.iteration(end) != state.iter))
    hist = record (hist, P, state, x, rr, ifelse (auto, eta, P.step));
  endif
  state.u = u;
  state.v = v;
  state.eta = eta;
  rnorm = sqrt (rr);

endfunction

function v = ifelse (c, a, b)
  if (c)
    v = a;
  else
    v = b;
  endif
endfunction

## x from the factors
function x = product (P, u, v)
  if (P.general)
    x = prod (u, 2);
    if (P.signed)
      x -= prod (v, 2);
    endif
  else
    x = u .^ P.depth;
    if (P.signed)
      x -= v .^ P.depth;
    endif
  endif
endfunction

## Gradient of the loss with respect to each factor, without the sign of
## the v side: (product of the other factors) .* g
function G = factor_grad (P, w, g)
  L = P.depth;
  if (P.general)
    G = zeros (size (w));
    for k = 1:L
      G(:,k) = prod (w(:, [1:k-1, k+1:L]), 2) .* g;
    endfor
  else
    G = w .^ (L - 1) .* g;
  endif
endfunction

function s = grad_norm2 (P, u, v, g)
  w = 1 + (! P.general) * (P.depth - 1);   # identical factors count L times
  s = w * sumsq (factor_grad (P, u, g)(:));
  if (P.signed)
    s += w * sumsq (factor_grad (P, v, g)(:));
  endif
endfunction

function [u1, v1, ok] = candidate (P, u, v, g, eta, floor)
  u1 = u - eta * factor_grad (P, u, g);
  v1 = v;
  if (P.signed)
    v1 = v + eta * factor_grad (P, v, g);
  endif
  ok = true;
  if (P.depth >= 2)
    ok = all (u1(:) > 0) && all (v1(:) > 0);
    if (floor)
      ok = ok && all (u1(:) >= 0.25 * u(:)) && all (v1(:) >= 0.25 * v(:));
    endif
  endif
endfunction

function hist = record (hist, P, state, x, rr, eta)
  hist.iteration(end+1,1) = state.iter;
  hist.residual(end+1,1) = sqrt (rr);
  hist.loss(end+1,1) = 0.5 * rr;
  hist.l1norm(end+1,1) = sum (abs (x));
  hist.step(end+1,1) = eta;
  hist.energy(end+1,1) = state.energy;
  if (! isempty (P.reference))
    model = ifelse (P.signed, "signed", "nonnegative");
    hist.bregman(end+1,:) = __oppotential__ ("bregman", model, P.depth,
                                             P.alpha, P.reference, x);
  endif
  if (! isempty (P.paths))
    hist.paths(end+1,:) = x(P.paths).';
  endif
endfunction
