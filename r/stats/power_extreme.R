# Reference values for laktasi.stats.power at extreme effect sizes (issue 8: `power paired-t --d 10`
# and `--d 1e308` crashed when scipy's noncentral t returned NaN). pwr 1.3 (pwr.t.test, uniroot).
# Run: Rscript r/stats/power_extreme.R > r/stats/power_extreme.json
suppressMessages(library(pwr))
out <- list(
  paired_d10_power80_n = pwr.t.test(d = 10, power = 0.8, type = "paired")$n,
  paired_d10_n2_5_power = pwr.t.test(d = 10, n = 2.5, type = "paired")$power,
  paired_d6_n3_power = pwr.t.test(d = 6, n = 3, type = "paired")$power,
  two_sample_d10_n3_power = pwr.t.test(d = 10, n = 3, type = "two.sample")$power
)
cat("{\n", paste(sprintf('  "%s": %.12g', names(out), unlist(out)), collapse = ",\n"), "\n}\n", sep = "")
