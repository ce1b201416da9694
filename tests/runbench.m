## Run every benchmark tests/bench_*.m (make bench).  Each prints its
## measurements as ratios against a baseline timed in the same process.

root = fileparts (fileparts (mfilename ("fullpath")));
addpath (fullfile (root, "inst"), fullfile (root, "src"));
## Every time below depends on the BLAS: name it, with its CPU kernels.
## (OpenBLAS picks them from the CPU model; a virtual machine that hides
## the model gets generic ones, "Prescott", 2-4 times slower for A*A'.
## OPENBLAS_CORETYPE, read when BLAS is loaded, overrides the choice.)
printf ("BLAS: %s; OPENBLAS_CORETYPE=%s\n", version ("-blas"),
        getenv ("OPENBLAS_CORETYPE"));
d = dir (fullfile (root, "tests", "bench_*.m"));
status = 0;
for i = 1:numel (d)
  printf ("== %s\n", d(i).name);
  fflush (stdout);
  try
    run (fullfile (root, "tests", d(i).name));
  catch err
    printf ("benchmark %s failed: %s\n", d(i).name, err.message);
    status = 1;
  end_try_catch
endfor
exit (status);
