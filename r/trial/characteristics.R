# Reference values for tests/trial/test_design_warnings.py (karakteristik responden homogeneity tests).
# Run from the repository root:  Rscript r/trial/characteristics.R > r/trial/characteristics.out
options(digits = 12)
out <- function(name, value) cat(sprintf("%s = %.12g\n", name, value))
arm <- rep(c("kontrol", "intervensi"), each = 6)
umur <- c(19, 24, 31, 36, 28, 22, 18, 17, 25, 38, 40, 29)
paritas <- c(1, 2, 3, 1, 5, 2, 1, 1, 1, 4, 6, 2)
pendidikan <- c("SD", "SMP", "SMA", "SMA", "SMP", "SD", "SMA", "SMA", "SMP", "S1", "SMA", "SMP")
band <- cut(umur, c(-Inf, 19.999, 35, Inf), labels = c("<20", "20-35", ">35"))
par <- cut(paritas, c(-Inf, 1, 4, Inf), labels = c("primipara", "multipara", "grande"))
out("age fisher p", fisher.test(table(arm, band))$p.value)
out("parity fisher p", fisher.test(table(arm, par))$p.value)
out("education fisher p", fisher.test(table(arm, pendidikan))$p.value)
