## Install the overparam tarball given as the argument with pkg into a
## throwaway HOME, load it, run the installed package's tests (the in-file
## tests of its M files and the tests pkg extracted from src/*.c), then
## uninstall.  Exit status non-zero on any failure.

args = argv ();
tarball = args{end};
home = tempname ();
mkdir (home);
setenv ("HOME", home);
pkg ("prefix", fullfile (home, "octave"), fullfile (home, "octave"));
pkg ("local_list", fullfile (home, ".octave_packages"));
warning ("off", "Octave:gnuplot-graphics");
graphics_toolkit ("gnuplot");
set (0, "defaultfigurevisible", "off");

status = 1;
unwind_protect
  pkg ("install", "-local", tarball);
  pkg ("load", "overparam");
  [loc, glob] = pkg ("list");
  all_pkgs = [loc, glob];
  mine = cellfun (@(p) strcmp (p.name, "overparam"), all_pkgs);
  info = all_pkgs{find (mine, 1)};
  files = {};
  for d = {info.dir, info.archprefix}
    for pat = {"*.m", fullfile("private", "*.m"), "*-tst", ...
               fullfile("*", "*-tst")}
      f = dir (fullfile (d{1}, pat{1}));
      files = [files, fullfile({f.folder}, {f.name})];
    endfor
  endfor
  files = unique (files);
  npass = 0;
  nfail = 0;
  ntst = 0;
  for i = 1:numel (files)
    here = pwd ();
    cd (fileparts (files{i}));
    [n, nmax] = test (files{i}, "quiet", stdout);
    cd (here);
    npass += n;
    nfail += nmax - n;
    if (! isempty (regexp (files{i}, "-tst$", "once")))
      ntst += nmax;
    endif
    if (n < nmax)
      printf ("FAILED: %s (%d of %d)\n", files{i}, nmax - n, nmax);
    endif
  endfor
  printf ("installed package: %d files, %d tests from src/*.c\n", ...
          numel (files), ntst);
  printf ("%d passed, %d failed\n", npass, nfail);
  pkg ("unload", "overparam");
  pkg ("uninstall", "overparam");
  status = (nfail > 0) || (npass == 0) || (ntst == 0);
unwind_protect_cleanup
  confirm_recursive_rmdir (false, "local");
  rmdir (home, "s");
end_unwind_protect
exit (status);
