# The reference values of tests/sampling, from R's survey package (the field's reference).
# Run: Rscript tests/sampling/reference.R ../shared/testdata/sampling   (Debian: r-cran-survey)
# Printed at 15 significant digits; the tests copy them with this script named as their source.
suppressMessages(library(survey))
options(digits = 15)
args <- commandArgs(trailingOnly = TRUE)
setwd(if (length(args)) args[1] else "../shared/testdata/sampling")
cat("survey", as.character(packageVersion("survey")), "\n")
show <- function(label, x) {
  cat("##", label, "\n")
  if (inherits(x, "svystat") || inherits(x, "svrepstat")) {
    cat(" estimate", sprintf("%.15g", coef(x)), "\n se", sprintf("%.15g", SE(x)), "\n")
    if (!is.null(attr(x, "deff"))) cat(" deff", sprintf("%.15g", diag(as.matrix(attr(x, "deff")))), "\n")
  } else if (inherits(x, "svyratio")) {
    cat(" ratio", sprintf("%.15g", x$ratio), " se", sprintf("%.15g", sqrt(x$var)), "\n")
  } else if (inherits(x, "svyciprop")) {
    cat(" estimate", sprintf("%.15g", x), " ci", sprintf("%.15g", attr(x, "ci")), "\n")
  } else print(x)
}
apistrat <- read.csv("apistrat.csv"); apiclus1 <- read.csv("apiclus1.csv")
apiclus2 <- read.csv("apiclus2.csv"); nhanes <- read.csv("nhanes.csv")

dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
show("A1", svymean(~api00, dstrat, deff = TRUE))
show("A2", svytotal(~enroll, dstrat, deff = TRUE))
show("A3", svymean(~awards, dstrat, deff = TRUE))
show("A4", svyciprop(~I(awards == "Yes"), dstrat, method = "logit"))
show("A5", degf(dstrat))

dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
show("B1", svymean(~api00, dclus1, deff = TRUE))
show("B2", svytotal(~enroll, dclus1, deff = TRUE))
show("B3", svyby(~api00, ~stype, dclus1, svymean, deff = TRUE))
show("B4", svyratio(~api00, ~api99, dclus1))
show("B5", svyby(~api00, ~stype, denominator = ~api99, dclus1, svyratio))
show("B6", svyby(~I(awards == "Yes"), ~stype, dclus1, svyciprop, vartype = c("se", "ci"), method = "logit"))

dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
show("C1", svymean(~api00, dclus2, deff = TRUE))
show("C2", svytotal(~enroll, dclus2, na.rm = TRUE, deff = TRUE))
show("C3", svymean(~avg.ed, dclus2, na.rm = TRUE))
show("C4", degf(dclus2))

dnh <- svydesign(id = ~SDMVPSU, strata = ~SDMVSTRA, weights = ~WTMEC2YR, nest = TRUE, data = nhanes)
show("D1", svymean(~HI_CHOL, dnh, na.rm = TRUE, deff = TRUE))
show("D2", svyby(~HI_CHOL, ~race, dnh, svymean, na.rm = TRUE))
show("D3", svyby(~HI_CHOL, ~race + RIAGENDR, dnh, svytotal, na.rm = TRUE))

show("E1", svymean(~api00, as.svrepdesign(dclus1, type = "JK1")))
show("E2", svytotal(~enroll, as.svrepdesign(dclus1, type = "JK1")))
show("E3", svymean(~api00, as.svrepdesign(dstrat, type = "JKn")))
show("E4", svyby(~api00, ~stype, as.svrepdesign(dclus1, type = "JK1"), svymean))

lonely <- rbind(apistrat[apistrat$stype != "H", ], apistrat[apistrat$stype == "H", ][1, ])
for (how in c("certainty", "remove", "adjust", "average")) {
  options(survey.lonely.psu = how)
  d <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = lonely, fpc = ~fpc)
  show(paste("F", how), svymean(~api00, d))
}
options(survey.lonely.psu = "fail")

pop.types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop.schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
dps <- postStratify(dclus1, ~stype, pop.types)
show("G1", svymean(~api00, dps)); show("G2", svytotal(~enroll, dps))
# raked to convergence (R's default stops when the margins move by less than 1 unit)
drk <- rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide),
            control = list(maxit = 200, epsilon = 1e-9))
show("G3", svymean(~api00, drk)); show("G4", svytotal(~enroll, drk))
show("G5", sprintf("%.15g", range(weights(drk))))
show("G6", svyby(~api00, ~stype, dps, svymean))

# replicate designs calibrated anew in each replicate (postStratify and rake on an svrep design)
r1 <- as.svrepdesign(dclus1, type = "JK1")
ps1 <- postStratify(r1, ~stype, pop.types)
show("H1", svymean(~api00, ps1)); show("H2", svytotal(~enroll, ps1))
show("H3", svyby(~api00, ~stype, ps1, svymean))
rk1 <- rake(r1, list(~stype, ~sch.wide), list(pop.types, pop.schwide),
            control = list(maxit = 200, epsilon = 1e-9))
show("H4", svymean(~api00, rk1)); show("H5", svytotal(~enroll, rk1))
psn <- postStratify(as.svrepdesign(dstrat, type = "JKn"), ~sch.wide,
                    data.frame(sch.wide = c("No", "Yes"), Freq = c(1100, 5094)))
show("H6", svymean(~api00, psn)); show("H7", svyratio(~api00, ~api99, psn))
show("H8", svymean(~awards, psn))

# a domain variable with blanks: those rows belong to no domain and stay in the design
napi <- apistrat; napi$sch.wide[1:6] <- NA
dna <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = napi, fpc = ~fpc)
show("I1", svyby(~api00, ~sch.wide, dna, svymean))
show("I2", svyby(~api00, ~sch.wide, as.svrepdesign(dna, type = "JKn"), svymean))
