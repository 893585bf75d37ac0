# Reference values for laktasi.stats.agreement (tests/stats/test_agreement.py reads agreement.json).
# Run from the repository root: Rscript r/stats/agreement.R > r/stats/agreement.json
#
# Cohen's kappa and its variance come from psych::cohen.kappa (Revelle), which uses the large-sample
# variance of Fleiss, Cohen & Everitt (1969) — an implementation independent of laktasi's. The same
# formulas and Gwet's AC1 with its variance (Gwet 2008, BJMSP 61:29-48; Handbook of Inter-Rater
# Reliability, ch. 4) are also hand-coded here from the papers, as a second check.
suppressPackageStartupMessages({library(psych); library(jsonlite)})

tables <- list(
  # Fleiss, Levin & Paik (2003) Statistical Methods for Rates and Proportions, table 18.1 (proportions x 100):
  # two psychiatrists' diagnoses (psychological / neurological / organic) of 100 subjects
  fleiss_18_1 = matrix(c(75, 1, 4,  5, 4, 1,  0, 0, 10), 3, byrow = TRUE),
  # Fleiss, Cohen & Everitt (1969), the 200-subject table of their worked example
  fce_1969 = matrix(c(106, 10, 4,  22, 28, 10,  2, 12, 6), 3, byrow = TRUE),
  # Gwet's kappa paradox: 125 subjects, 118 agreed positive, 5 + 2 disagreements, none agreed negative
  gwet_paradox = matrix(c(118, 5, 2, 0), 2, byrow = TRUE),
  # a screening table: many agreed excludes, few includes
  screening = matrix(c(8, 3, 1,  2, 180, 4,  1, 2, 3), 3, byrow = TRUE)
)

hand <- function(x) {
  n <- sum(x); p <- x / n; r <- rowSums(p); cc <- colSums(p); q <- nrow(x)
  po <- sum(diag(p)); pe <- sum(r * cc); k <- (po - pe) / (1 - pe)
  a <- sum(diag(p) * (1 - (r + cc) * (1 - k))^2)
  off <- p; diag(off) <- 0
  b <- (1 - k)^2 * sum(off * outer(cc, r, "+")^2)
  cterm <- (k - pe * (1 - k))^2
  se <- sqrt((a + b - cterm) / (n * (1 - pe)^2))
  se0 <- sqrt((pe + pe^2 - sum(r * cc * (r + cc))) / (n * (1 - pe)^2))
  pi <- (r + cc) / 2; peg <- sum(pi * (1 - pi)) / (q - 1); g <- (po - peg) / (1 - peg)
  t1 <- po * (1 - po)
  t2 <- 4 * (1 - g) * (sum(diag(p) * (1 - pi)) / (q - 1) - po * peg)
  t3 <- 4 * (1 - g)^2 * (sum(p * (1 - outer(pi, pi, "+") / 2)^2) / (q - 1)^2 - peg^2)
  seg <- sqrt((t1 - t2 + t3) / (n * (1 - peg)^2))
  list(kappa = k, kappa_se = se, kappa_se_null = se0, ac1 = g, ac1_se = seg, observed = po)
}

out <- lapply(names(tables), function(nm) {
  x <- tables[[nm]]
  ck <- psych::cohen.kappa(x)
  h <- hand(x)
  list(name = nm, table = x,
       psych_kappa = ck$kappa, psych_kappa_var = ck$var.kappa,
       psych_kappa_ci = unname(ck$confid[1, c(1, 3)]),
       hand = h)
})
cat(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "\n")
