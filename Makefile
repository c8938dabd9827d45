# Regenerate every figure, table and number of the paper, then build paper/paper.pdf.
#   make paper     everything (computes what is missing or out of date, then latexmk)
#   make figures   figures only;  make tables: LaTeX tables and number macros only
#   make perf      re-measure the performance table (timings are the one non-byte-stable output)
#   make clean     remove generated figures, tables and LaTeX by-products (keeps the measured
#                  timings, figures/data/benchmark.csv)
# Gold data and BASIL are read by path: SHARED=../shared/data (override: make paper SHARED=/path).
PY ?= python3
SHARED ?= ../shared/data
A := analyses
D := figures/data
G := paper/generated
export SOURCE_DATE_EPOCH := 0
export FORCE_SOURCE_DATE := 1
export PYTHONHASHSEED := 0
LIB := $(wildcard framing/*.py framing/*/*.py framing/lexicons/*) $(A)/_common.py

STORY_DATA := $(D)/story/intervals.csv
BASIL_DATA := $(D)/basil/intervals.csv
VALIDATION := $(D)/validation.csv
PERF := $(D)/benchmark.csv

FIGURES := figures/fig_features.pdf figures/fig_sentiment.pdf figures/fig_hedging.pdf figures/fig_voice.pdf \
           figures/fig_coverage.pdf figures/fig_prominence.pdf figures/fig_basil.pdf figures/fig_validation.pdf \
           figures/fig_performance.pdf
TABLES := $(G)/tab_features.tex $(G)/tab_labels.tex $(G)/tab_basil.tex $(G)/tab_validation.tex \
          $(G)/bench_numbers.tex $(G)/tab_benchmark.tex

.PHONY: paper figures tables perf clean
paper: paper/paper.pdf
figures: $(FIGURES)
tables: $(TABLES)

# ---- computation (cached CSV + number macros) ----
$(STORY_DATA): $(A)/story_case_study.py $(LIB) $(wildcard data/stories/russia-taliban-2025/*)
	$(PY) $(A)/story_case_study.py --inputs data/stories/russia-taliban-2025 --output $(D)/story
$(BASIL_DATA): $(A)/basil_case_study.py $(LIB)
	$(PY) $(A)/basil_case_study.py --inputs $(SHARED)/basil --output $(D)/basil
$(VALIDATION) $(G)/tab_validation.tex &: $(A)/tab_validation.py $(A)/facts_basil_gold.py tests/golden/facts_basil_heldout.csv \
    $(A)/quote_groups_basil_gold.py tests/golden/quote_groups_basil.csv $(LIB)
	$(PY) $(A)/tab_validation.py --inputs $(SHARED) --output $(VALIDATION)
$(G)/bench_numbers.tex $(G)/tab_benchmark.tex &: $(A)/benchmark.py
	$(PY) $(A)/benchmark.py --output $(PERF)
$(PERF): $(G)/bench_numbers.tex
perf:
	FRAMING_REMEASURE=1 $(PY) $(A)/benchmark.py --output $(PERF)

# ---- figures (plotting only: read the cached CSV) ----
figures/fig_features.pdf: $(A)/fig_features.py $(STORY_DATA) framing/plots.py
	$(PY) $< --inputs $(D)/story/intervals.csv --output $@
figures/fig_sentiment.pdf: $(A)/fig_sentiment.py $(STORY_DATA) framing/plots.py
	$(PY) $< --inputs $(D)/story/intervals.csv $(D)/story/actor_sentiment.csv --output $@
figures/fig_hedging.pdf: $(A)/fig_hedging.py $(STORY_DATA) framing/plots.py
	$(PY) $< --inputs $(D)/story/hedging.csv $(D)/story/intervals.csv --output $@
figures/fig_voice.pdf: $(A)/fig_voice.py $(STORY_DATA) framing/plots.py
	$(PY) $< --inputs $(D)/story/voice.csv --output $@
figures/fig_coverage.pdf: $(A)/fig_coverage.py $(STORY_DATA) framing/plots.py
	$(PY) $< --inputs $(D)/story/coverage.csv --output $@
figures/fig_prominence.pdf: $(A)/fig_prominence.py $(STORY_DATA) framing/plots.py
	$(PY) $< --inputs $(D)/story/coverage.csv --output $@
figures/fig_basil.pdf: $(A)/fig_basil.py $(BASIL_DATA) framing/plots.py
	$(PY) $< --inputs $(D)/basil/intervals.csv --output $@
figures/fig_validation.pdf: $(A)/fig_validation.py $(VALIDATION) framing/plots.py
	$(PY) $< --inputs $(VALIDATION) --output $@
figures/fig_performance.pdf: $(A)/fig_performance.py $(PERF) framing/plots.py
	$(PY) $< --inputs $(PERF) --output $@

# ---- tables ----
$(G)/tab_features.tex: $(A)/tab_features.py $(STORY_DATA)
	$(PY) $< --inputs $(D)/story/articles.csv $(D)/story/intervals.csv --output $@
$(G)/tab_labels.tex: $(A)/tab_labels.py $(STORY_DATA)
	$(PY) $< --inputs $(D)/story/labels.csv --output $@
$(G)/tab_basil.tex: $(A)/tab_basil.py $(BASIL_DATA)
	$(PY) $< --inputs $(D)/basil/intervals.csv $(D)/basil/pairwise.csv --output $@

# ---- the paper ----
paper/paper.pdf: paper/paper.tex paper/references.bib $(FIGURES) $(TABLES)
	cd paper && latexmk -pdf -interaction=nonstopmode -halt-on-error -quiet paper.tex

clean:
	rm -f $(FIGURES) $(FIGURES:.pdf=.svg) $(D)/story/*.csv $(D)/basil/*.csv $(VALIDATION) \
	      $(TABLES) $(G)/*.tex.tmp $(G)/story_numbers.tex \
	      $(G)/basil_numbers.tex $(G)/validation_numbers.tex $(G)/tab_basil_tests.tex
	cd paper && latexmk -C -quiet paper.tex || true
