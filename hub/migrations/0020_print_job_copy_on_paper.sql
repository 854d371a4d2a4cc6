-- The copy number a job's paper carries when it is not the number it was queued with
-- (issue 19): an original whose send was cut is re-sent marked DUPLICATA, and takes the
-- document's next copy number then, kept for every later retry of that job. NULL: the job
-- prints as its `copy`. Reprints count it, so two different copies never carry one number.
ALTER TABLE print_jobs ADD COLUMN copy_on_paper INTEGER CHECK (copy_on_paper >= 1);
