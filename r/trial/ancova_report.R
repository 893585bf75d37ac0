# Reference values for src/laktasi/trial/ancova_report.py (what the report says about an ANCOVA).
# Run from the repository root:  Rscript r/trial/ancova_report.R > r/trial/ancova_report.out
suppressMessages({library(effectsize); library(emmeans); library(car)})
options(digits = 12)
out <- function(name, value) cat(sprintf("%s = %.12g\n", name, value))
report <- function(tag, d, covs) {
  rhs <- paste(c("pre", covs), collapse = " + ")
  full <- lm(as.formula(paste("post ~ arm +", rhs)), data = d)
  reduced <- lm(as.formula(paste("post ~", rhs)), data = d)
  a <- anova(reduced, full)
  f <- a$F[2]; df1 <- a$Df[2]; df2 <- a$Res.Df[2]
  out(paste(tag, "F"), f); out(paste(tag, "df1"), df1); out(paste(tag, "df2"), df2); out(paste(tag, "p"), a$`Pr(>F)`[2])
  e <- F_to_eta2(f, df1, df2, ci = 0.95, alternative = "two.sided")
  out(paste(tag, "eta2p"), e$Eta2_partial); out(paste(tag, "eta2p ci_low"), e$CI_low)
  out(paste(tag, "eta2p ci_high"), e$CI_high)
  em <- as.data.frame(emmeans(full, "arm"))
  for (i in seq_len(nrow(em))) out(paste(tag, "emmean", em$arm[i]), em$emmean[i])
  slopes <- update(full, . ~ . + arm:pre)
  s <- anova(full, slopes)
  out(paste(tag, "slopes F"), s$F[2]); out(paste(tag, "slopes p"), s$`Pr(>F)`[2])
  # Levene's test of equal error variances as SPSS GLM prints it: the after values across arms, centre = mean
  l <- leveneTest(post ~ arm, data = d, center = mean)
  out(paste(tag, "levene F"), l$`F value`[1]); out(paste(tag, "levene df2"), l$Df[2])
  out(paste(tag, "levene p"), l$`Pr(>F)`[1])
}
w <- read.csv("examples/study_wide.csv", stringsAsFactors = FALSE)
w <- data.frame(post = w$volume_post, pre = w$volume_pre, arm = factor(w$arm, levels = c("kontrol", "intervensi")))
report("wide", w, character(0))
t3 <- read.csv("examples/study_three_times.csv", stringsAsFactors = FALSE)
t3 <- data.frame(post = t3$vol_h3, pre = t3$vol_h1, arm = factor(t3$grup, levels = c("K", "P")), umur = t3$umur,
                 paritas = factor(t3$paritas))
report("three", t3, c("umur", "paritas"))
