# Reference values for laktasi.stats.fisher_rxc / independent.fisher_exact (Fisher–Freeman–Halton).
# Run from the repo root:  Rscript r/stats/fisher_rxc.R > r/stats/fisher_rxc.json
# R's fisher.test (network algorithm, FEXACT) with a large workspace so every table here is exact;
# chisq.test's p beside it shows what the old Pearson fallback printed (job: 0.7434).
suppressPackageStartupMessages(library(jsonlite))
tabs <- list(
  # ?fisher.test example: job satisfaction by income, Agresti (2002) p. 57 (4x4, N = 96)
  job = matrix(c(1, 2, 1, 0, 3, 3, 6, 1, 10, 10, 14, 9, 6, 7, 12, 11), 4, 4,
               dimnames = list(income = c("< 15k", "15-25k", "25-40k", "> 40k"),
                               satisfaction = c("VeryD", "LittleD", "ModerateS", "VeryS"))),
  seed_post_3level = matrix(c(0, 1, 0, 4, 5, 0), 2, 3),
  arms3_levels3 = matrix(c(4, 1, 0, 3, 3, 2, 1, 4, 5), 3, 3),
  sparse_4x4_n30 = matrix(c(3, 2, 1, 0, 1, 2, 2, 1, 0, 1, 2, 4, 0, 0, 3, 8), 4, 4),
  arms2_levels5 = matrix(c(2, 0, 5, 3, 6, 4, 4, 7, 3, 6), 2, 5),
  arms3_levels4 = matrix(c(5, 2, 1, 3, 4, 2, 1, 3, 5, 0, 1, 4), 3, 4),
  wide_2x6_n60 = matrix(c(5, 2, 6, 4, 7, 5, 4, 6, 3, 8, 5, 5), 2, 6),
  arms4_levels3 = matrix(c(6, 4, 2, 1, 3, 4, 5, 3, 1, 2, 3, 6), 4, 3),
  two_by_two = matrix(c(3, 1, 1, 3), 2, 2),
  five_by_five = matrix(c(2, 1, 0, 0, 1, 1, 3, 1, 0, 0, 0, 1, 2, 1, 1, 0, 0, 2, 3, 1, 1, 0, 0, 1, 2), 5, 5)
)
cases <- list()
for (nm in names(tabs)) {
  m <- tabs[[nm]]
  f <- fisher.test(m, workspace = 2e8)
  chi <- suppressWarnings(chisq.test(m, correct = FALSE))
  cases[[nm]] <- list(source = "fisher.test(table, workspace = 2e8); chisq.test(correct = FALSE)",
                      table = lapply(seq_len(nrow(m)), function(i) unname(m[i, ])),
                      p_value = f$p.value, chisq_p = chi$p.value)
}
set.seed(1)
cases$job$simulated_p_B1e5 <- fisher.test(tabs$job, simulate.p.value = TRUE, B = 1e5)$p.value
cat(toJSON(cases, auto_unbox = TRUE, digits = NA, pretty = TRUE), "\n")
