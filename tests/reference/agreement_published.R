# Published worked examples of Cohen's kappa (with the Fleiss, Cohen & Everitt 1969 large-sample variance) and
# Gwet's AC1 (with Gwet's 2008 variance), recomputed by formula in base R (no psych, no irr, no irrCAC), so the
# values laktasi.stats.agreement gives are checked against an implementation that shares no code with it.
# tests/stats/test_agreement.py reads the output; the published numbers themselves are written in that test.
#
# Run from the repository root:  Rscript tests/reference/agreement_published.R > tests/reference/agreement_published.json
#
# Tables (rows rater A, columns rater B):
# - gwet_handbook_abstractors: Gwet, Handbook of Inter-Rater Reliability (4th ed., 2014), the two abstractors'
#   classification of 100 pregnant women (ectopic / AIU / NIU); the dataset cont3x3abstractors of Gwet's R package
#   irrCAC, whose README prints kappa 0.7964094 (se 0.05891072) and AC1 0.8493305 (se 0.04321747).
# - fce_1969: Fleiss, Cohen & Everitt (1969) Psychol Bull 72:323-327, the table of proportions of their example
#   (.53 .05 .02 / .11 .14 .05 / .01 .06 .03) with n = 200; kappa = .429 as printed there.
# - flp_18_1: Fleiss, Levin & Paik (2003) Statistical Methods for Rates and Proportions, 3rd ed., table 18.1
#   (proportions x 100 of 100 subjects); kappa = .68 as printed there.
# - gwet_2008_paradox: the high-agreement / low-kappa table (118, 5 / 2, 0) used to show the kappa paradox.
suppressPackageStartupMessages(library(jsonlite))

tables <- list(
  gwet_handbook_abstractors = matrix(c(13, 0, 0,  0, 20, 7,  0, 4, 56), 3, byrow = TRUE),
  fce_1969 = matrix(c(106, 10, 4,  22, 28, 10,  2, 12, 6), 3, byrow = TRUE),
  flp_18_1 = matrix(c(75, 1, 4,  5, 4, 1,  0, 0, 10), 3, byrow = TRUE),
  gwet_2008_paradox = matrix(c(118, 5, 2, 0), 2, byrow = TRUE)
)

by_formula <- function(x) {
  n <- sum(x); p <- x / n; q <- nrow(x)
  pa <- rowSums(p); pb <- colSums(p)
  po <- sum(diag(p)); pe <- sum(pa * pb); k <- (po - pe) / (1 - pe)
  # Fleiss, Cohen & Everitt (1969), equation (13): the large-sample (non-null) variance of kappa,
  # written cell by cell as in the paper (no vectorised shortcut shared with the Python code)
  a <- 0; b <- 0
  for (i in 1:q) {
    a <- a + p[i, i] * (1 - (pa[i] + pb[i]) * (1 - k))^2
    for (j in 1:q) if (i != j) b <- b + p[i, j] * (pb[i] + pa[j])^2
  }
  var_k <- (a + (1 - k)^2 * b - (k - pe * (1 - k))^2) / (n * (1 - pe)^2)
  # the same paper, equation (14): the variance when kappa = 0
  var_k0 <- (pe + pe^2 - sum(pa * pb * (pa + pb))) / (n * (1 - pe)^2)
  # Gwet (2008) BJMSP 61:29-48, equations for AC1 and its variance with two raters (sampling fraction 0)
  pik <- (pa + pb) / 2
  peg <- sum(pik * (1 - pik)) / (q - 1)
  g <- (po - peg) / (1 - peg)
  s2 <- 0; s3 <- 0
  for (i in 1:q) {
    s2 <- s2 + p[i, i] * (1 - pik[i])
    for (j in 1:q) s3 <- s3 + p[i, j] * (1 - (pik[i] + pik[j]) / 2)^2
  }
  var_g <- (po * (1 - po) - 4 * (1 - g) * (s2 / (q - 1) - po * peg)
            + 4 * (1 - g)^2 * (s3 / (q - 1)^2 - peg^2)) / (n * (1 - peg)^2)
  z <- qnorm(0.975)
  list(n = n, observed = po, kappa = k, kappa_se = sqrt(var_k), kappa_se_null = sqrt(var_k0),
       kappa_ci = c(k - z * sqrt(var_k), k + z * sqrt(var_k)),
       ac1 = g, ac1_se = sqrt(var_g), ac1_ci = c(g - z * sqrt(var_g), g + z * sqrt(var_g)))
}

out <- lapply(names(tables), function(nm) c(list(name = nm, table = tables[[nm]]), by_formula(tables[[nm]])))
cat(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "\n")
