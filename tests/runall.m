## Run every test of overparam from the source tree: the in-file tests of
## inst/*.m, inst/private/*.m and src/*.c, then the suites tests/test_*.m.
## Prints each failure; the last line is "N passed, N failed"; the exit
## status is non-zero on any failure (test () itself never fails).

1;

function [npass, nfail, bad] = run_one (file, npass, nfail, bad)
  ## Private functions are only visible from their folder, so each file is
  ## tested with its own folder as the working directory.
  here = pwd ();
  unwind_protect
    cd (fileparts (file));
    [n, nmax] = test (file, "quiet", stdout);
  unwind_protect_cleanup
    cd (here);
  end_unwind_protect
  npass += n;
  nfail += nmax - n;
  if (n < nmax)
    bad{end+1} = sprintf ("%s: %d of %d failed", file, nmax - n, nmax);
  endif
endfunction

root = fileparts (fileparts (mfilename ("fullpath")));
addpath (fullfile (root, "inst"), fullfile (root, "src"));
warning ("off", "Octave:gnuplot-graphics");
graphics_toolkit ("gnuplot");
set (0, "defaultfigurevisible", "off");

files = {};
for pat = {"inst/*.m", "inst/private/*.m", "src/*.c", "tests/test_*.m"}
  d = dir (fullfile (root, pat{1}));
  files = [files, cellfun(@(f) fullfile (root, fileparts (pat{1}), f), ...
                          {d.name}, "uniformoutput", false)];
endfor

## Allow "octave-cli tests/runall.m PATTERN" to run a subset.
args = argv ();
if (numel (args) > 0 && ! strcmp (args{end}, "tests/runall.m"))
  keep = ! cellfun (@isempty, regexp (files, args{end}, "once"));
  files = files(keep);
endif

npass = 0;
nfail = 0;
bad = {};
t0 = tic ();
for i = 1:numel (files)
  t1 = tic ();
  [npass, nfail, bad] = run_one (files{i}, npass, nfail, bad);
  printf ("  %-50s %6.1f s\n", strrep (files{i}, [root "/"], ""), toc (t1));
  fflush (stdout);
endfor

## C unit tests of the core, under AddressSanitizer and UBSan
if (isempty (args) || ! isempty (regexp ("tests/c", args{end}, "once"))
    || strcmp (args{end}, "tests/runall.m"))
  t1 = tic ();
  [st, out] = system (sprintf ("make -s -C '%s' run 2>&1",
                               fullfile (root, "tests", "c")));
  ## Each test program ends with its own "N passed, N failed" line
  tok = regexp (out, '(?m)^(\d+) passed, (\d+) failed\s*$', "tokens");
  cp = sum (cellfun (@(t) str2double (t{1}), tok));
  cf = sum (cellfun (@(t) str2double (t{2}), tok));
  ntests = numel (dir (fullfile (root, "tests", "c", "test_*.c")));
  npass += cp;
  nfail += cf;
  if (st != 0 || cf > 0 || numel (tok) != ntests)
    printf ("%s", out);
    nfail += (cf == 0);
    bad{end+1} = sprintf ("tests/c: %d failed, %d of %d programs reported",
                          cf, numel (tok), ntests);
  endif
  printf ("  %-50s %6.1f s\n", "tests/c (C core, sanitizers)", toc (t1));
endif

if (! isempty (bad))
  printf ("\nfailures:\n");
  printf ("  %s\n", bad{:});
endif
printf ("total time %.1f s\n", toc (t0));
printf ("%d passed, %d failed\n", npass, nfail);
exit (nfail > 0);
