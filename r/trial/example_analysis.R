# Independent reference values for tests/trial/test_analysis.py.
# Run from the repository root:  Rscript r/trial/example_analysis.R > r/trial/example_analysis.out
# Data: examples/study_wide.csv (synthetic), examples/study.sav (same data, SPSS), examples/seed_balibo/data.csv.
suppressMessages({library(coin); library(haven)})
options(digits = 12)
d <- read.csv("examples/study_wide.csv", stringsAsFactors = FALSE)
lv <- c("kurang lancar", "cukup lancar", "lancar")
out <- function(name, value) cat(sprintf("%s = %.12g\n", name, value))
for (a in c("kontrol", "intervensi")) {
  s <- d[d$arm == a, ]
  for (t in c("pre", "post")) {
    x <- s[[paste0("volume_", t)]]
    q <- quantile(x, c(.25, .5, .75), type = 6)   # SPSS's weighted-average percentiles
    out(paste(a, t, "mean"), mean(x)); out(paste(a, t, "sd"), sd(x))
    out(paste(a, t, "q1"), q[[1]]); out(paste(a, t, "median"), q[[2]]); out(paste(a, t, "q3"), q[[3]])
  }
  tt <- t.test(s$volume_post, s$volume_pre, paired = TRUE)
  out(paste(a, "paired_t statistic"), tt$statistic); out(paste(a, "paired_t p"), tt$p.value)
  out(paste(a, "paired_t ci_low"), tt$conf.int[1]); out(paste(a, "paired_t ci_high"), tt$conf.int[2])
  sw <- shapiro.test(s$volume_post - s$volume_pre)
  out(paste(a, "shapiro W"), sw$statistic); out(paste(a, "shapiro p"), sw$p.value)
  k0 <- factor(s$kelancaran_pre, levels = lv); k1 <- factor(s$kelancaran_post, levels = lv)
  up <- sum(as.integer(k1) > as.integer(k0)); down <- sum(as.integer(k1) < as.integer(k0))
  out(paste(a, "sign_test p"), binom.test(up, up + down)$p.value)
}
d$arm <- factor(d$arm, levels = c("kontrol", "intervensi"))
fit <- lm(volume_post ~ arm + volume_pre, data = d)
ci <- confint(fit)["armintervensi", ]
out("ancova estimate", coef(fit)[["armintervensi"]]); out("ancova ci_low", ci[[1]]); out("ancova ci_high", ci[[2]])
out("ancova t", summary(fit)$coefficients["armintervensi", "t value"])
out("ancova p", summary(fit)$coefficients["armintervensi", "Pr(>|t|)"]); out("ancova df", fit$df.residual)
d$change <- d$volume_post - d$volume_pre
w <- t.test(d$change[d$arm == "intervensi"], d$change[d$arm == "kontrol"])
out("welch_t statistic", w$statistic); out("welch_t df", w$parameter); out("welch_t p", w$p.value)
post <- factor(d$kelancaran_post, levels = lv)
mw <- wilcox_test(as.integer(post) ~ arm, data = d, distribution = "exact")
out("mann_whitney post p", pvalue(mw))
out("fisher post p", fisher.test(table(d$arm, post)[, colSums(table(d$arm, post)) > 0])$p.value)
# the same data read from the SPSS file (value labels) must give the same tables
sv <- read_sav("examples/study.sav")
out("sav kelancaran_post lancar count", sum(as_factor(sv$kelancaran_post) == "lancar"))
# seed study: Mann-Whitney (exact, ties) and Fisher-Freeman-Halton on the after categories
s <- read.csv("examples/seed_balibo/data.csv", stringsAsFactors = FALSE)
s$kelompok <- factor(s$kelompok, levels = c("kontrol", "intervensi"))
sp <- factor(s$kelancaran_post, levels = lv)
out("seed mann_whitney post p", pvalue(wilcox_test(as.integer(sp) ~ kelompok, data = s, distribution = "exact")))
out("seed fisher post p", fisher.test(table(s$kelompok, sp)[, colSums(table(s$kelompok, sp)) > 0])$p.value)
out("seed intervention sign_test p", binom.test(5, 5)$p.value)
# the paper's "dependent t-test": with level codes 1-3 every intervention difference is +2 (SD 0)
ci_codes <- as.integer(factor(s$kelancaran_post, levels = lv)) - as.integer(factor(s$kelancaran_pre, levels = lv))
out("seed intervention sd of code differences", sd(ci_codes[s$kelompok == "intervensi"]))
all10 <- t.test(as.integer(factor(s$kelancaran_post, levels = lv)), as.integer(factor(s$kelancaran_pre, levels = lv)), paired = TRUE)
out("seed paired t on codes, all 10 mothers, p", all10$p.value)
