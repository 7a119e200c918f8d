package com.kaphera.cloud.billing.plans;

import com.kaphera.cloud.billing.pricing.PlanTerms;
import com.kaphera.cloud.common.InvalidInputException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One version of a plan: never edited; a change is the next version of the same code. */
@Entity
@Table(name = "billing_plan")
public class Plan {
    @Id
    private UUID id;

    @Column(nullable = false, updatable = false, length = 40)
    private String code;

    @Column(name = "plan_version", nullable = false, updatable = false)
    private int planVersion;

    @Column(name = "display_name", nullable = false, updatable = false, length = 200)
    private String displayName;

    @Column(name = "deployment_model", nullable = false, updatable = false, length = 20)
    private String deploymentModel;

    @Column(nullable = false, updatable = false, length = 3)
    private String currency;

    @Column(name = "monthly_fee", nullable = false, updatable = false, precision = 18, scale = 4)
    private BigDecimal monthlyFee;

    @Column(nullable = false, updatable = false)
    private String prices;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    protected Plan() {
        // for JPA
    }

    /** Version {@code planVersion} of {@code draft.code()}; refuses a draft that breaks a rule of {@link PlanPrices}. */
    public Plan(PlanDraft draft, int planVersion, String createdBy, Instant now) {
        List<com.kaphera.cloud.common.FieldError> errors = PlanPrices.check(draft);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The plan has " + errors.size() + (errors.size() == 1 ? " invalid field"
                    : " invalid fields"), errors);
        }
        this.id = UUID.randomUUID();
        this.code = draft.code();
        this.planVersion = planVersion;
        this.displayName = draft.displayName().strip();
        this.deploymentModel = draft.deploymentModel();
        this.currency = draft.currency();
        this.monthlyFee = draft.monthlyFee().setScale(4);
        this.prices = PlanPrices.toJson(draft.prices());
        this.createdAt = now;
        this.createdBy = createdBy;
    }

    public UUID id() {
        return id;
    }

    public String code() {
        return code;
    }

    public int planVersion() {
        return planVersion;
    }

    public String displayName() {
        return displayName;
    }

    public String deploymentModel() {
        return deploymentModel;
    }

    public String currency() {
        return currency;
    }

    /** At the currency's scale (2 for EUR), as it is charged. */
    public BigDecimal monthlyFee() {
        return monthlyFee.setScale(com.kaphera.cloud.billing.pricing.Money.scale(currency), java.math.RoundingMode.UNNECESSARY);
    }

    public Map<String, PlanDraft.Price> prices() {
        return PlanPrices.fromJson(prices);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String createdBy() {
        return createdBy;
    }

    /** The name invoices show: "Shared Managed Standard (v2)". */
    public String label() {
        return displayName + " (v" + planVersion + ")";
    }

    public PlanTerms terms() {
        return PlanPrices.terms(label(), currency, monthlyFee(), prices);
    }
}
