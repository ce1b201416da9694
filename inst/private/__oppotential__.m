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
## @deftypefn  {} {@var{theta} =} __oppotential__ ("grad", @var{model}, @var{L}, @var{alpha}, @var{x})
## @deftypefnx {} {[@var{x}, @var{dpsi}] =} __oppotential__ ("psi", @var{model}, @var{L}, @var{alpha}, @var{theta})
## @deftypefnx {} {@var{phi} =} __oppotential__ ("conj", @var{model}, @var{L}, @var{alpha}, @var{theta})
## @deftypefnx {} {@var{theta0} =} __oppotential__ ("init", @var{model}, @var{L}, @var{alpha}, @var{N})
## @deftypefnx {} {[@var{D}, @var{terms}] =} __oppotential__ ("bregman", @var{model}, @var{L}, @var{alpha}, @var{z}, @var{x})
## The mirror-flow potential F of DESIGN.md 1.2: readable M reference of
## src/core/potential.c, the same formulas and the same algorithms (the C
## core also starts each quadrature node's root-find from the previous
## node's solution, which changes only the iteration count).
##
## @var{model} is @qcode{"signed"} or @qcode{"nonnegative"}, @var{L} the
## depth, @var{alpha} the factor scale (scalar or a column with one entry
## per row).  @qcode{"grad"} gives theta = grad F (x); @qcode{"psi"} its
## inverse x = psi (theta) and psi'; @qcode{"conj"} Phi = F*; @qcode{"init"}
## theta0 = grad F (x (0)) of the identical-factor start, an
## @var{N}-by-1 column; @qcode{"bregman"} D_F (z, x) for each column pair
## of @var{z} and @var{x} (a 1-by-K row) and the per-coordinate terms.
## @var{x} may have one column for several columns of @var{z}.  An entry
## outside the domain raises @code{overparam:oppotential:domain}.
## Internal: use @code{opbregman}.
## @end deftypefn

function varargout = __oppotential__ (what, model, L, alpha, varargin)

  if (nargin < 5)
    print_usage ();
  endif
  signed = strcmp (model, "signed");
  alpha = alpha(:);

  switch (what)
    case "grad"
      varargout{1} = grad_F (signed, L, alpha, varargin{1});
    case "psi"
      [varargout{1}, varargout{2}] = psi (signed, L, alpha, varargin{1});
    case "conj"
      varargout{1} = conj_F (signed, L, alpha, varargin{1});
    case "init"
      N = varargin{1};
      alpha = alpha .* ones (N, 1);
      if (signed)
        theta0 = zeros (N, 1);              # x (0) = alpha^L - alpha^L = 0
      elseif (L == 1)
        theta0 = alpha;
      elseif (L == 2)
        theta0 = log (alpha);               # log (alpha^2) / 2
      else
        theta0 = -alpha .^ (2 - L) / (L - 2);
      endif
      varargout{1} = theta0;
    case "bregman"
      z = varargin{1};
      x = varargin{2} .* ones (size (z));
      terms = bregman_terms (signed, L, alpha .* ones (size (z)), z, x);
      varargout{1} = sum (terms, 1);
      varargout{2} = terms;
    otherwise
      error ("overparam:oppotential:badWhat",
             "__oppotential__: unknown request '%s'", what);
  endswitch

endfunction

function domain_error (msg)
  error ("overparam:oppotential:domain", "__oppotential__: %s", msg);
endfunction

## theta = grad F (x)
function theta = grad_F (signed, L, alpha, x)
  alpha = alpha .* ones (size (x));
  if (! all (isfinite (x(:))))
    domain_error ("X must be finite");
  endif
  if (L == 1)
    theta = x / (1 + signed);
  elseif (! signed)
    if (any (x(:) < 0))
      domain_error ("X must be non-negative");
    endif
    if (L == 2)
      theta = log (x) / 2;                  # -Inf at x = 0
    else
      theta = -x .^ (-(L - 2) / L) / (L - 2);
    endif
  elseif (L == 2)
    theta = asinh_ratio (x, alpha) / 2;
  else
    tau = signed_tau (x, alpha, L);
    theta = tau .* alpha .^ (2 - L) / (L - 2);
    ## Far beyond alpha^L, tau is within rounding of +-1: keep theta inside
    ## the rim |theta| < a / (L-2), where psi is defined
    rim = abs (theta * (L - 2) .* alpha .^ (L - 2)) >= 1;
    for i = 1:16
      if (! any (rim))
        break;
      endif
      theta(rim) -= sign (theta(rim)) .* eps (theta(rim));
      rim = abs (theta * (L - 2) .* alpha .^ (L - 2)) >= 1;
    endfor
  endif
endfunction

## asinh (x / beta), beta = 2 alpha^2; through logs where x / beta is out
## of range (there asinh (w) = log (2 |w|) to full accuracy).
function w = asinh_ratio (x, alpha)
  beta = 2 * alpha .^ 2;
  w = x ./ beta;
  ok = beta >= realmin & isfinite (w);
  w(ok) = asinh (w(ok));
  w(! ok) = sign (x(! ok)) .* (log (abs (x(! ok))) - 2 * log (alpha(! ok)));
endfunction

## [x, psi'] from theta
function [x, dpsi] = psi (signed, L, alpha, theta)
  alpha = alpha .* ones (size (theta));
  if (any (isnan (theta(:)) | theta(:) == Inf)
      || ((L == 1 || signed) && ! all (isfinite (theta(:)))))
    domain_error ("THETA outside the domain of psi");
  endif
  if (L == 1)
    x = theta * (1 + signed);
    dpsi = (1 + signed) * ones (size (theta));
  elseif (! signed && L == 2)
    x = exp (2 * theta);
    dpsi = 2 * x;
  elseif (! signed)
    if (any (theta(:) >= 0))
      domain_error ("THETA must be negative");
    endif
    m = -(L - 2) * theta;
    x = m .^ (-L / (L - 2));
    dpsi = L * m .^ (-L / (L - 2) - 1);
  elseif (L == 2)
    ## 2 alpha^2 sinh (2 theta) = alpha^2 e^(2|theta|) (1 - e^(-4|theta|))
    at = abs (theta);
    m = alpha2_exp (alpha, at);
    x = sign (theta) .* m .* -expm1 (-4 * at);
    dpsi = 2 * m .* (1 + exp (-4 * at));
  else
    tau = theta * (L - 2) .* alpha .^ (L - 2);
    if (any (abs (tau(:)) >= 1))
      domain_error ("THETA outside |theta| < alpha^(2-L) / (L-2)");
    endif
    p = L / (L - 2);
    at = abs (tau);
    s = 1 - at;
    t = 1 + at;
    E = 2 * p * atanh (at);
    ## alpha^L (s^-p - t^-p): factor out the larger power
    mag = powprod (alpha, L, t, -p) .* expm1 (E);
    big = E > 1;
    mag(big) = powprod (alpha(big), L, s(big), -p) .* -expm1 (-E(big));
    x = sign (tau) .* mag;
    dpsi = signed_dpsi (alpha, L, s, t);
  endif
endfunction

## alpha^2 exp (2 at), without underflow of alpha^2
function m = alpha2_exp (alpha, at)
  a2 = alpha .^ 2;
  e = exp (2 * at);
  m = a2 .* e;
  bad = ! (a2 >= realmin & isfinite (e) & m >= realmin & isfinite (m));
  m(bad) = exp (2 * log (alpha(bad)) + 2 * at(bad));
endfunction

## Phi (theta) = F* (theta)
function phi = conj_F (signed, L, alpha, theta)
  alpha = alpha .* ones (size (theta));
  if (any (isnan (theta(:)) | theta(:) == Inf)
      || ((L == 1 || signed) && ! all (isfinite (theta(:)))))
    domain_error ("THETA outside the domain of Phi");
  endif
  if (L == 1)
    phi = theta .^ 2 / (2 - signed);
  elseif (! signed && L == 2)
    phi = exp (2 * theta) / 2;
  elseif (! signed)
    if (any (theta(:) >= 0))
      domain_error ("THETA must be negative");
    endif
    phi = (-(L - 2) * theta) .^ (-2 / (L - 2)) / 2;
  elseif (L == 2)
    at = abs (theta);
    phi = alpha2_exp (alpha, at) .* (1 + exp (-4 * at)) / 2;
  else
    at = abs (theta * (L - 2) .* alpha .^ (L - 2));
    if (any (at(:) >= 1))
      domain_error ("THETA outside |theta| < alpha^(2-L) / (L-2)");
    endif
    phi = signed_phi (alpha, L, 1 - at, 1 + at);
  endif
endfunction

## alpha^e1 b^e2 through pow where nothing over- or underflows, else logs
function r = powprod (alpha, e1, b, e2)
  f1 = alpha .^ e1;
  f2 = b .^ e2;
  r = f1 .* f2;
  bad = ! (isfinite (f1) & isfinite (f2) & f1 >= realmin & f2 >= realmin
           & isfinite (r) & r >= realmin);
  r(bad) = exp (e1 * log (alpha(bad)) + e2 * log (b(bad)));
endfunction

## alpha^m (s^e + t^e), e < 0, through the smaller of s and t
function r = pow_pair (alpha, m, s, t, e)
  lo = min (s, t);
  hi = max (s, t);
  r = powprod (alpha, m, lo, e) .* (1 + (lo ./ hi) .^ (-e));
endfunction

## Phi = (u^2 + v^2) / 2, u = alpha s^(-1/k), v = alpha t^(-1/k)
function phi = signed_phi (alpha, L, s, t)
  phi = pow_pair (alpha, 2, s, t, -2 / (L - 2)) / 2;
endfunction

## psi' = L (u^(2L-2) + v^(2L-2))
function d = signed_dpsi (alpha, L, s, t)
  d = L * pow_pair (alpha, 2 * L - 2, s, t, -L / (L - 2) - 1);
endfunction

## Signed model, L >= 3: solve h (tau) = x / alpha^L for tau, and return
## s = 1 - tau and t = 1 + tau to full relative accuracy.
## h (tau) = (1 - tau)^-p - (1 + tau)^-p is odd and increasing; on
## [0, 1/2] it is convex, so Newton from the right (xi / h'(0) lies right
## of the root) decreases monotonically; beyond, Newton in log s on the
## bracket given by s^-p (1 - (s/t)^p) = xi.  Both are safeguarded by
## bisection as in the C core.
function [tau, s, t] = signed_tau (x, alpha, L)
  p = L / (L - 2);
  ax = abs (x);
  aL = alpha .^ L;
  lxi = log (ax) - L * log (alpha);
  xi = ax ./ aL;
  bad = ! (aL >= realmin & isfinite (aL));
  xi(bad) = exp (lxi(bad));
  xhalf = 2 ^ p - (2 / 3) ^ p;                 # h (1/2)

  tt = zeros (size (x));
  ss = ones (size (x));
  tp = ones (size (x));

  ## tiny tau: h (tau) = 2p tau (1 + c3 tau^2 + c5 tau^4 + O(tau^6))
  ## reverted, tau = u - c3 u^3 + (3 c3^2 - c5) u^5 with u = xi / 2p <= 1e-4,
  ## exact to O(u^7) ~ 1e-26 relative
  iS = find (ax > 0 & xi <= 2e-4 * p);
  if (! isempty (iS))
    u = xi(iS) / (2 * p);
    c3 = (p + 1) * (p + 2) / 6;
    c5 = c3 * (p + 3) * (p + 4) / 20;
    tt(iS) = u .* (1 - c3 * u .^ 2 + (3 * c3 ^ 2 - c5) * u .^ 4);
    ss(iS) = 1 - tt(iS);
    tp(iS) = 1 + tt(iS);
  endif

  ## tau in [0, 1/2]
  iA = find (xi > 2e-4 * p & xi <= xhalf);
  if (! isempty (iA))
    xa = xi(iA);
    lo = zeros (size (xa));
    hi = 0.5 * ones (size (xa));
    ta = min (xa / (2 * p), 0.5);
    act = true (size (xa));
    for it = 1:200
      i = find (act);
      if (isempty (i))
        break;
      endif
      [f, df] = h_tau (ta(i), p);
      f -= xa(i);
      zf = f == 0;
      act(i(zf)) = false;
      hi(i(f > 0)) = ta(i(f > 0));
      lo(i(f < 0)) = ta(i(f < 0));
      tn = ta(i) - f ./ df;
      out = ! (tn >= lo(i) & tn <= hi(i));
      tn(out) = (lo(i(out)) + hi(i(out))) / 2;
      ## quadratic convergence: after a Newton step below 1e-9 relative,
      ## the next would be below |h''/h'| 1e-18 <= 1e-17
      done = ! zf & ((! out & abs (tn - ta(i)) <= 1e-9 * ta(i))
                     | hi(i) - lo(i) <= 4 * eps * hi(i));
      ta(i(! zf)) = tn(! zf);
      act(i(done)) = false;
    endfor
    tt(iA) = ta;
    ss(iA) = 1 - ta;
    tp(iA) = 1 + ta;
  endif

  ## tau in (1/2, 1): Newton in log s
  iB = find (xi > xhalf);
  if (! isempty (iB))
    xb = xi(iB);
    lb = lxi(iB);
    linear = isfinite (xb) & xb >= realmin;
    llo = -(lb - log1p (-3 ^ (-p))) / p;
    lhi = min (log (0.5), -lb / p);
    ls = lhi;
    act = true (size (xb));
    for it = 1:200
      i = find (act);
      if (isempty (i))
        break;
      endif
      sv = exp (ls(i));
      rp = exp (p * (ls(i) - log (2 - sv)));
      sp = sv .^ (-p);
      g = -p * ls(i) + log1p (-rp) - lb(i);
      lin = linear(i) & isfinite (sp);
      g(lin) = log (sp(lin) ./ xb(i(lin))) + log1p (-rp(lin));
      zg = g == 0;
      act(i(zg)) = false;
      llo(i(g > 0)) = ls(i(g > 0));
      lhi(i(g < 0)) = ls(i(g < 0));
      dg = -p * (1 + rp ./ (1 - rp) * 2 ./ (2 - sv));
      ln = ls(i) - g ./ dg;
      out = ! (ln >= llo(i) & ln <= lhi(i));
      ln(out) = (llo(i(out)) + lhi(i(out))) / 2;
      ## G nearly linear: a Newton step below 1e-8 leaves < 1e-16 in log s
      done = ! zg & ((! out & abs (ln - ls(i)) <= 1e-8)
                     | lhi(i) - llo(i) <= 4 * eps * abs (ls(i)));
      ls(i(! zg)) = ln(! zg);
      act(i(done)) = false;
    endfor
    sb = exp (ls);
    tt(iB) = 1 - sb;
    ss(iB) = sb;
    tp(iB) = 2 - sb;
  endif

  ## h is odd: mirror
  neg = x < 0;
  tau = tt;
  tau(neg) = -tt(neg);
  s = ss;
  t = tp;
  s(neg) = tp(neg);
  t(neg) = ss(neg);
endfunction

## h (tau) and h'(tau) for 0 <= tau < 1 without cancellation at small
## tau: B = (1 + tau)^-p, h = B expm1 (p [log1p (tau) - log1p (-tau)]) (the
## logs have opposite signs), and (1 - tau)^-p = B + h
function [h, dh] = h_tau (tau, p)
  l1 = log1p (tau);
  l2 = log1p (-tau);
  B = exp (-p * l1);
  h = B .* expm1 (p * (l1 - l2));
  dh = p * ((B + h) ./ (1 - tau) + B ./ (1 + tau));
endfunction

## F'' = 1 / psi' (grad F (x)), L >= 2, x in the open domain
function f = hess_F (signed, L, alpha, x)
  if (! signed)
    if (L == 2)
      f = 0.5 ./ x;
    else
      f = x .^ ((2 - 2 * L) / L) / L;
    endif
  elseif (L == 2)
    f = 0.5 ./ hypot (x, 2 * alpha .^ 2);
  else
    [tau, s, t] = signed_tau (x, alpha, L);
    f = 1 ./ signed_dpsi (alpha, L, s, t);
    ## tiny tau: s^-q + t^-q = 2 (1 + q(q+1)/2 tau^2 + q(q+1)(q+2)(q+3)/24
    ## tau^4 + O(tau^6)), q = p + 1, 1e-24 relative for |tau| <= 1e-4
    sm = abs (tau) <= 1e-4;
    if (any (sm(:)))
      q = L / (L - 2) + 1;
      b2 = q * (q + 1) / 2;
      b4 = b2 * (q + 2) * (q + 3) / 12;
      t2 = tau(sm) .^ 2;
      a2L2 = powprod (alpha(sm), 2 * L - 2, ones (size (t2)), 0);
      f(sm) = 1 ./ (2 * L * a2L2 .* (1 + t2 .* (b2 + b4 * t2)));
    endif
  endif
endfunction

## Distance from the real axis of the nearest singularity of F'' near 0
function y = sing_dist (signed, L, alpha)
  if (! signed)
    y = zeros (size (alpha));
  elseif (L == 2)
    y = 2 * alpha .^ 2;
  else
    ## psi' = 0 first at tau = i tan (g): x = 2 i alpha^L cos(g)^p sin(p g);
    ## half of that, for margin
    p = L / (L - 2);
    g = pi / (2 * (p + 1));
    y = alpha .^ L * cos (g) ^ p * sin (p * g);
  endif
endfunction

## Per-coordinate terms of D_F (z, x); all arrays of one size
function D = bregman_terms (signed, L, alpha, z, x)
  if (! all (isfinite (z(:))) || ! all (isfinite (x(:))))
    domain_error ("Z and X must be finite");
  endif
  if (! signed && L >= 2 && (any (z(:) < 0) || any (x(:) < 0)))
    domain_error ("Z and X must be non-negative");
  endif
  d = z - x;
  if (L == 1)
    D = d .^ 2 / (2 + 2 * signed);
    return;
  endif
  D = zeros (size (z));
  todo = d != 0;
  if (! signed)
    D(todo & x == 0) = Inf;                 # theta_x = -Inf, z > 0
    todo &= x != 0;
  endif

  ## Near: (z - x)^2 int_0^1 (1 - r) F''(x + r (z - x)) dr by Gauss-Legendre
  ## quadrature.  With R the distance from the midpoint to the nearest
  ## singularity of F'' in half-widths, the integrand is analytic inside
  ## the Bernstein ellipse of parameter ~2R and at most ~R times larger
  ## there (the factor 1 - r): the n-point rule errs by about
  ## 20 (2R)^(1-2n) relative, below 1e-17 with n = 2 for R >= 1e6, 4 for
  ## R >= 300, 8 for R >= 14, and 6e-17 with n = 12 for R >= 3
  R = hypot ((x + z) / 2, sing_dist (signed, L, alpha)) ./ (abs (d) / 2);
  near = todo & R >= 3;
  rules = [1e6, 2; 300, 4; 14, 8; 3, 12];
  for k = 1:rows (rules)
    use = near & R >= rules(k,1);
    near &= ! use;
    if (! any (use(:)))
      continue;
    endif
    [gx, gw] = gauss_legendre (rules(k,2));
    xn = x(use);
    dn = d(use);
    an = alpha(use);
    acc = zeros (size (xn));
    for j = 1:numel (gx)
      r = (1 + gx(j)) / 2;
      acc += gw(j) * (1 - r) * hess_F (signed, L, an, xn + r * dn);
    endfor
    D(use) = acc .* dn .^ 2 / 2;
  endfor
  near = todo & R >= 3;

  ## Far: the closed forms, where at most a bounded factor is lost
  far = todo & ! near;
  if (! any (far(:)))
    return;
  endif
  zf = z(far);
  xf = x(far);
  af = alpha(far);
  if (! signed && L == 2)
    ## (z log (z/x) - z + x) / 2, z = 0 by its limit
    r = zf ./ xf;
    lr = log (zf) - log (xf);
    ok = isfinite (r) & r >= realmin;
    lr(ok) = log (r(ok));
    zlr = zf .* lr;
    zlr(zf == 0) = 0;
    Df = (zlr - zf + xf) / 2;
  elseif (! signed)
    ## (z x^(-k/L) - (L/2) z^(2/L) + (k/2) x^(2/L)) / k
    k = L - 2;
    a = zf .* xf .^ (-k / L);
    a(zf == 0) = 0;
    Df = (a - L / 2 * zf .^ (2 / L) + k / 2 * xf .^ (2 / L)) / k;
  elseif (L == 2)
    ## (z [asinh (z/beta) - asinh (x/beta)] - (hz - hx)) / 2
    beta = 2 * af .^ 2;
    hz = hypot (zf, beta);
    hx = hypot (xf, beta);
    Df = (zf .* asinh_diff (zf, xf, af)
          - (zf - xf) .* ((zf + xf) ./ (hz + hx))) / 2;
  else
    ## z (theta_z - theta_x) - Phi_z + Phi_x, theta_z - theta_x =
    ## (a/k)(tau_z - tau_x) formed from the smallest of tau, s, t
    [tz, sz, uz] = signed_tau (zf, af, L);
    [tx, sx, ux] = signed_tau (xf, af, L);
    dt = tz - tx;
    ms = sz + sx;
    mu = uz + ux;
    mt = abs (tz) + abs (tx);
    use_s = ms <= mt & ms <= mu;
    use_u = ! use_s & mu <= mt;
    dt(use_s) = sx(use_s) - sz(use_s);
    dt(use_u) = uz(use_u) - ux(use_u);
    a_over_k = powprod (af, 2 - L, ones (size (af)), 0) / (L - 2);
    Df = zf .* a_over_k .* dt ...
         - (signed_phi (af, L, sz, uz) - signed_phi (af, L, sx, ux));
  endif
  D(far) = Df;
endfunction

## asinh (z / beta) - asinh (x / beta), beta = 2 alpha^2, via log1p when z
## and x have one sign (the difference is then a relative change)
function w = asinh_diff (z, x, alpha)
  sg = ones (size (z));
  neg = z < 0 & x < 0;
  sg(neg) = -1;
  z(neg) = -z(neg);
  x(neg) = -x(neg);
  same = z > 0 & x > 0;
  beta = 2 * alpha .^ 2;
  hz = hypot (z, beta);
  hx = hypot (x, beta);
  w = asinh_ratio (z, alpha) - asinh_ratio (x, alpha);
  r = (z - x) .* (1 + (z + x) ./ (hz + hx)) ./ (x + hx);
  ## A moderate relative change through log1p; far apart (or where r
  ## overflows) as a difference of logs that cannot overflow
  rel = same & r > -0.5 & r < 1;
  far = same & ! rel;
  w(rel) = log1p (r(rel));
  lg = @(v, b) log (v) + log1p (hypot (1, b ./ v));
  beta = beta .* ones (size (z));
  w(far) = lg (z(far), beta(far)) - lg (x(far), beta(far));
  w .*= sg;
endfunction

## n-point Gauss-Legendre rule on [-1, 1], n = 2, 4, 8, 12 (Abramowitz
## and Stegun 25.4)
function [x, w] = gauss_legendre (n)
  switch (n)
    case 2
      x = 0.5773502691896257645091488;
      w = 1;
    case 4
      x = [0.3399810435848562648026658, 0.8611363115940525752239465];
      w = [0.6521451548625461426269361, 0.3478548451374538573730639];
    case 8
      x = [0.1834346424956498049394761, 0.5255324099163289858177390, ...
           0.7966664774136267395915539, 0.9602898564975362316835609];
      w = [0.3626837833783619829651504, 0.3137066458778872873379622, ...
           0.2223810344533744705443560, 0.1012285362903762591525314];
    case 12
      x = [0.1252334085114689154724414, 0.3678314989981801937526915, ...
           0.5873179542866174472967024, 0.7699026741943046870368938, ...
           0.9041172563704748566784659, 0.9815606342467192506905491];
      w = [0.2491470458134027850005624, 0.2334925365383548087608499, ...
           0.2031674267230659217490645, 0.1600783285433462263346525, ...
           0.1069393259953184309602547, 0.0471753363865118271946160];
  endswitch
  x = [-x, x];
  w = [w, w];
endfunction

## Closed forms of DESIGN.md 1.2, at moderate values where a direct
## evaluation has no cancellation to speak of: agreement to 1e-14.
%!test
%! z = [2; 0.5; 3];  x = [1; 1; 0.2];
%! D = __oppotential__ ("bregman", "nonnegative", 2, 1, z, x);
%! assert (D, sum (z .* log (z ./ x) - z + x) / 2, 1e-14 * D);
%!test
%! z = [2; 0.5; 3];  x = [1; 1; 0.2];  L = 4;
%! D = __oppotential__ ("bregman", "nonnegative", L, 1, z, x);
%! Dref = sum (z .* x .^ ((2 - L) / L) - L / 2 * z .^ (2 / L) ...
%!             + (L - 2) / 2 * x .^ (2 / L)) / (L - 2);
%! assert (D, Dref, 1e-14 * D);
%!test
%! ## signed L = 1: F = x^2 / 4; signed L = 2 against asinh and cosh
%! assert (__oppotential__ ("bregman", "signed", 1, 1, [3; -1], [1; 1]), 2);
%! a = 0.7;  z = [1.5; -2];  x = [-0.3; 0.9];
%! th = @(x) asinh (x / (2 * a ^ 2)) / 2;
%! Phi = @(t) a ^ 2 * cosh (2 * t);
%! Dref = sum (z .* (th (z) - th (x)) - Phi (th (z)) + Phi (th (x)));
%! D = __oppotential__ ("bregman", "signed", 2, a, z, x);
%! assert (D, Dref, 1e-14 * Dref);
%!test
%! ## signed L >= 3: grad F solves psi (theta) = x
%! L = 3;  a = 0.5;  x = [-4; -1e-3; 0; 2e-2; 7];
%! th = __oppotential__ ("grad", "signed", L, a, x);
%! A = a ^ (2 - L);
%! ## the reference formula itself cancels: tolerance from its terms
%! u = (A - th) .^ -3;  v = (A + th) .^ -3;
%! assert (u - v, x, 8 * eps * (u + v));
%!test
%! ## z = 0 in the non-negative model by its limit, per-coordinate terms
%! [D, t] = __oppotential__ ("bregman", "nonnegative", 3, 1, [0; 1], [8; 1]);
%! assert (t, [2; 0], eps);
%! assert (D, 2, eps);
%! [D, t] = __oppotential__ ("bregman", "nonnegative", 2, 1, [0; 4], [3; 0]);
%! assert (t, [1.5; Inf]);
%!test
%! ## init: theta0 = grad F (alpha^L) and 0 in the signed model
%! a = [0.1; 0.01];
%! for L = 1:4
%!   assert (__oppotential__ ("init", "nonnegative", L, a, 2),
%!           __oppotential__ ("grad", "nonnegative", L, a, a .^ L),
%!           1e-15 * a .^ -2);
%!   assert (__oppotential__ ("init", "signed", L, a, 2), [0; 0]);
%! endfor
%!test
%! ## psi inverts grad; Phi' = psi and psi' by central differences with a
%! ## relative step 1e-6: truncation ~1e-12 relative, rounding ~eps/1e-6
%! ## = 2e-10 of the function value, well inside 1e-8
%! for m = {"signed", "nonnegative"}
%!   for L = [1 2 3 6]
%!     x = [0.3; 2; 5];
%!     th = __oppotential__ ("grad", m{1}, L, 0.8, x);
%!     [xx, dp] = __oppotential__ ("psi", m{1}, L, 0.8, th);
%!     assert (xx, x, 1e-14 * x);
%!     h = 1e-6 * abs (th);
%!     fd = (__oppotential__ ("conj", m{1}, L, 0.8, th + h) ...
%!           - __oppotential__ ("conj", m{1}, L, 0.8, th - h)) ./ (2 * h);
%!     assert (fd, x, 1e-8 * x);
%!     fd2 = (__oppotential__ ("psi", m{1}, L, 0.8, th + h) ...
%!            - __oppotential__ ("psi", m{1}, L, 0.8, th - h)) ./ (2 * h);
%!     assert (fd2, dp, 1e-8 * dp);
%!   endfor
%! endfor
%!test
%! ## near and far evaluations of D agree across the switch at
%! ## |z + x| = 3 |z - x| (alpha small enough not to move it): D changes by
%! ## 4e-14 relative between the two z, the two methods by ~1e-14
%! for m = {"signed", "nonnegative"}
%!   for L = [2 3 5]
%!     x = 1.7;  z = 2 * x * (1 + [-1e-14, 1e-14]);
%!     D = __oppotential__ ("bregman", m{1}, L, 1e-3, z, x);
%!     assert (D(1), D(2), 1e-12 * D(1));
%!   endfor
%! endfor
%!error id=overparam:oppotential:domain __oppotential__ ("grad", "nonnegative", 2, 1, -1)
%!error id=overparam:oppotential:domain __oppotential__ ("bregman", "nonnegative", 3, 1, [1; -1], [1; 1])
%!error id=overparam:oppotential:domain __oppotential__ ("bregman", "signed", 3, 1, [1; Inf], [1; 1])
%!error id=overparam:oppotential:domain __oppotential__ ("psi", "nonnegative", 3, 1, 0.5)
%!error id=overparam:oppotential:domain __oppotential__ ("psi", "signed", 3, 1, 1)
%!error id=overparam:oppotential:domain __oppotential__ ("conj", "signed", 4, 1, -0.5)
%!error id=overparam:oppotential:badWhat __oppotential__ ("hess", "signed", 3, 1, 1)
